import { type Auth, createAuth, totpCode, totpStep } from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import { createSoftwareAuthenticator } from '@portcullis/core/testing'
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
    passkeys: passkeys(),
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

/** RFC 4648 base32 (upper case, no padding) to bytes: the TOTP secret as the setup shows it. */
function decodeBase32IgnorePadding(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const bytes: number[] = []
  let buffer = 0
  let bits = 0
  for (const char of text.replace(/=+$/, '')) {
    buffer = (buffer << 5) | alphabet.indexOf(char)
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((buffer >> bits) & 0xff)
    }
  }
  return Uint8Array.from(bytes)
}

describe('second factors through @portcullis/hono', () => {
  it('TOTP: setup, enable, then a login needs the code; the passkey login works too', async () => {
    const { app } = setup()
    const email = 'tot@example.com'
    const password = 'a passphrase of sufficient length'
    const cookie = cookieOf(await app.request('/auth/register', json({ email, password })))
    const setupResponse = await app.request('/auth/two-factor/totp/setup', json({}, cookie))
    const secret = decodeBase32IgnorePadding(((await setupResponse.json()) as { secret: string }).secret)
    const step = totpStep(new Date())
    expect(
      (await app.request('/auth/two-factor/totp/enable', json({ code: totpCode(secret, step) }, cookie)))
        .status,
    ).toBe(200)

    const first = await app.request('/auth/login', json({ identifier: email, password }))
    expect(first.status).toBe(401)
    const { challenge } = (await first.json()) as { challenge: string }
    const second = await app.request(
      '/auth/login/two-factor',
      json({ challenge, code: totpCode(secret, step + 1) }),
    )
    expect(second.status).toBe(200)
    const signedIn = cookieOf(second)
    expect(await (await app.request('/api/hello', { headers: { Cookie: signedIn } })).json()).toEqual({
      hello: email,
      method: 'session',
    })

    const authenticator = createSoftwareAuthenticator()
    const creation = (await (
      await app.request('/auth/passkeys/register/options', json({}, signedIn))
    ).json()) as {
      options: Parameters<typeof authenticator.register>[0]
    }
    const registration = await authenticator.register(creation.options, { origin: ORIGIN })
    expect(
      (await app.request('/auth/passkeys/register/verify', json({ response: registration }, signedIn)))
        .status,
    ).toBe(200)
    const request = (await (await app.request('/auth/passkeys/login/options', json({}))).json()) as {
      options: Parameters<typeof authenticator.authenticate>[0]
    }
    const assertion = await authenticator.authenticate(request.options, { origin: ORIGIN })
    const passkeyLogin = await app.request('/auth/passkeys/login/verify', json({ response: assertion }))
    expect(passkeyLogin.status).toBe(200)
    expect(((await passkeyLogin.json()) as { user: { email: string } }).user.email).toBe(email)
  })
})
