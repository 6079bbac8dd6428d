import { type Auth, createAuth } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import { Hono } from 'hono'
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { mountAuth } from '../src/auth-handler.js'
import { authMiddleware } from '../src/auth-middleware.js'
import { requireAuth } from '../src/require-auth.js'
import type { AuthEnv } from '../src/types.js'

const ORIGIN = 'http://localhost:8787'
/** Custom fields need a zod schema, and zod is not this package's dependency: the example app covers them. */
type Fields = Record<never, never>

function setup(): { app: Hono<AuthEnv<Fields>>; auth: Auth<Fields> } {
  const auth = createAuth({
    storage: createMemoryStorage(),
    origins: ORIGIN,
    mode: 'development',
    secret: 'an end-to-end test secret of enough length',
    logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
  })
  const app = new Hono<AuthEnv<Fields>>()
  const getConnInfo = () => ({ remote: { address: '192.0.2.10' } })
  mountAuth(app, auth, { getConnInfo })
  app.use('/api/*', authMiddleware(auth, { getConnInfo }))
  app.use('/api/*', requireAuth({ exclude: { paths: ['/api/public'] } }))
  app.use('/api/admin/*', requireAuth({ roles: ['admin'] }))
  app.get('/api/public', (c) => c.json({ signedIn: c.get('auth') !== null }))
  app.get('/api/hello', (c) => {
    const principal = c.get('auth')!
    expectTypeOf(principal.user.email).toEqualTypeOf<string>()
    return c.json({ hello: principal.user.email, method: principal.method })
  })
  app.get('/api/admin', (c) => c.json({ admin: c.get('auth')!.user.email }))
  return { app, auth }
}

const json = (body: unknown, cookie?: string): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}) },
  body: JSON.stringify(body),
})

const cookieOf = (response: Response): string => response.headers.getSetCookie()[0]!.split(';')[0]!

describe('@portcullis/hono with the real core, in-process', () => {
  let app: Hono<AuthEnv<Fields>>
  let auth: Auth<Fields>
  const email = 'lin@example.com'
  const password = 'a passphrase of sufficient length'

  beforeAll(() => {
    ;({ app, auth } = setup())
  })

  it('serves the contract under /auth', async () => {
    const registered = await app.request('/auth/register', json({ email, password }))
    expect(registered.status).toBe(201)
    const login = await app.request('/auth/login', json({ identifier: email, password }))
    expect(login.status).toBe(200)
    const cookie = cookieOf(login)

    const me = await app.request('/auth/me', { headers: { Cookie: cookie } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email)

    const hello = await app.request('/api/hello', { headers: { Cookie: cookie } })
    expect(await hello.json()).toEqual({ hello: email, method: 'session' })

    const logout = await app.request('/auth/logout', json({}, cookie))
    expect(logout.status).toBe(204)
    expect((await app.request('/api/hello', { headers: { Cookie: cookie } })).status).toBe(401)
  })

  it('keeps core answering CSRF and content-type errors', async () => {
    const noOrigin = await app.request('/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
    expect(noOrigin.status).toBe(403)
    expect(((await noOrigin.json()) as { error: { code: string } }).error.code).toBe('csrf_rejected')
    const form = await app.request('/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
      body: 'email=x&password=y',
    })
    expect(form.status).toBe(415)
  })

  it('guards /api with requireAuth, roles checked against the stored user', async () => {
    expect(await (await app.request('/api/public')).json()).toEqual({ signedIn: false })
    expect((await app.request('/api/hello')).status).toBe(401)

    const response = await app.request('/auth/login', json({ email, password }))
    const cookie = cookieOf(response)
    const { user } = (await response.json()) as { user: { id: string } }
    expect((await app.request('/api/admin', { headers: { Cookie: cookie } })).status).toBe(403)
    expect((await app.request('//api/admin', { headers: { Cookie: cookie } })).status).toBe(404)
    await auth.api.updateUser(user.id, { roles: ['admin'] })
    expect(await (await app.request('/api/admin', { headers: { Cookie: cookie } })).json()).toEqual({
      admin: email,
    })
  })

  it('records the client IP the adapter resolved on the session', async () => {
    const response = await app.request('/auth/login', json({ email, password }))
    const sessions = await app.request('/auth/sessions', { headers: { Cookie: cookieOf(response) } })
    const body = (await sessions.json()) as { sessions: { ip: string | null; current: boolean }[] }
    expect(body.sessions.find((s) => s.current)?.ip).toBe('192.0.2.10')
  })
})
