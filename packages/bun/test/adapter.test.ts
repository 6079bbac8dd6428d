import type { Principal } from '@portcullis/core'
import { createFakeAuth, type FakeUserFields, keyPrincipal, sessionPrincipal } from '@portcullis/core/testing'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { authHandler, authRoutes } from '../src/auth-routes.js'
import { createAuthPathMatcher } from '../src/is-auth-path.js'
import { requireAuth } from '../src/require-auth.js'
import type { RequestIpSource } from '../src/types.js'
import { withAuth, withPrincipal } from '../src/with-auth.js'

const server: RequestIpSource = { requestIP: () => ({ address: '::ffff:192.0.2.10' }) }
const request = (path: string, init: RequestInit = {}) => new Request(`http://localhost:8787${path}`, init)

/** The app behind withAuth in these tests: echoes who it saw. */
const app = (req: Request, principal: Principal<FakeUserFields> | null) =>
  Response.json({ app: new URL(req.url).pathname, user: principal?.user.email ?? null })

describe('authRoutes / authHandler', () => {
  it('routes the base path and everything below it to auth.handler with the client IP', async () => {
    const auth = createFakeAuth()
    const routes = authRoutes(auth)
    expect(Object.keys(routes)).toEqual(['/auth', '/auth/*'])
    const response = await routes['/auth/*']!(
      request('/auth/login', { method: 'POST', body: '{"a":1}' }),
      server,
    )
    expect(response.headers.get('x-fake')).toBe('handler')
    expect(await response.json()).toEqual({
      method: 'POST',
      path: '/auth/login',
      clientIp: '192.0.2.10',
      body: '{"a":1}',
    })
    expect(auth.handlerCalls[0]!.context).toEqual({ clientIp: '192.0.2.10' })
  })

  it('follows auth.basePath', () => {
    expect(Object.keys(authRoutes(createFakeAuth({}, '/v1/auth')))).toEqual(['/v1/auth', '/v1/auth/*'])
    expect(Object.keys(authRoutes(createFakeAuth({}, '')))).toEqual(['/*'])
  })

  it('refuses what is not an auth instance, and bad proxies, at construction', () => {
    expect(() => authRoutes({} as never)).toThrow(
      'authRoutes: "auth" must be the object createAuth() returned',
    )
    expect(() => authHandler(createFakeAuth(), { trustedProxies: ['nope'] })).toThrow(TypeError)
  })
})

describe('withAuth', () => {
  const auth = createFakeAuth({ lin: sessionPrincipal('lin') })
  const fetch = withAuth(auth, app, { trustedProxies: ['192.0.2.0/24'] })

  it('serves core for the base path, with the client IP behind a trusted proxy', async () => {
    const response = await fetch(
      request('/auth/me', { headers: { 'X-Forwarded-For': '203.0.113.9' } }),
      server,
    )
    expect(await response.json()).toMatchObject({ path: '/auth/me', clientIp: '203.0.113.9' })
    expect(auth.authenticateCalls).toHaveLength(0)
  })

  it('authenticates every other request and hands the principal (or null) to the app', async () => {
    const signedIn = await fetch(request('/hello', { headers: { Authorization: 'Bearer lin' } }), server)
    expect(await signedIn.json()).toEqual({ app: '/hello', user: 'lin@example.com' })
    const anonymous = await fetch(request('/hello'), server)
    expect(await anonymous.json()).toEqual({ app: '/hello', user: null })
    expect(auth.authenticateCalls.at(-1)!.context).toEqual({ clientIp: '192.0.2.10' })
  })

  it('decides which paths are core’s segment-wise, as core does', async () => {
    for (const path of ['/auth', '/auth/', '/auth//login', '/%61uth/login', '/auth/x/../login']) {
      const body = (await (await fetch(request(path), server)).json()) as { app?: string }
      expect(body.app, path).toBeUndefined()
    }
    for (const path of ['/authors', '/', '/api/auth', '/aut']) {
      const body = (await (await fetch(request(path), server)).json()) as { app?: string }
      expect(body.app, path).toBe(new URL(path, 'http://x').pathname)
    }
  })

  it('lets an error from core propagate rather than call the app anonymously', async () => {
    await expect(
      fetch(request('/hello', { headers: { Authorization: 'Bearer boom' } }), server),
    ).rejects.toThrow('storage down')
  })

  it('refuses a fetch that is not a function', () => {
    expect(() => withAuth(auth, 'app' as never)).toThrow('withAuth: "fetch" must be a function')
  })
})

describe('createAuthPathMatcher', () => {
  it('matches whole segments of the base path', () => {
    const isAuthPath = createAuthPathMatcher('/auth')
    expect(['/auth', '/auth/login', '//auth', '/auth%2Flogin'].map(isAuthPath)).toEqual([
      true,
      true,
      true,
      false,
    ])
    expect(createAuthPathMatcher('')('/anything')).toBe(true)
  })
})

describe('withPrincipal + requireAuth', () => {
  const auth = createFakeAuth({
    lin: sessionPrincipal('lin'),
    root: sessionPrincipal('root', ['admin']),
    reader: keyPrincipal('reader', ['posts:read']),
  })
  const bearer = (name: string) => request('/api', { headers: { Authorization: `Bearer ${name}` } })

  it('answers 401 without a principal, in the error envelope, uncacheable', async () => {
    const route = withPrincipal(
      auth,
      requireAuth((_req, principal) => new Response(principal.user.email)),
    )
    const response = await route(request('/api'), server)
    expect(response.status).toBe(401)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({
      error: { code: 'unauthenticated', message: 'authentication required' },
    })
    expect(await (await route(bearer('lin'), server)).text()).toBe('lin@example.com')
  })

  it('checks roles (admin passes) and scopes (* grants all; admin does not stand in)', async () => {
    const ok = () => new Response('ok')
    const admins = withPrincipal(auth, requireAuth(ok, { roles: ['editor'] }))
    expect((await admins(bearer('lin'), server)).status).toBe(403)
    expect((await admins(bearer('root'), server)).status).toBe(200)
    const readers = withPrincipal(auth, requireAuth(ok, { scopes: ['posts:read'] }))
    expect((await readers(bearer('reader'), server)).status).toBe(200)
    expect((await readers(bearer('lin'), server)).status).toBe(200)
    const writers = withPrincipal(auth, requireAuth(ok, { scopes: ['posts:write'] }))
    const refused = await writers(bearer('reader'), server)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({
      error: { code: 'forbidden', message: 'missing a required scope' },
    })
  })

  it('types the principal as not null inside the guard, with the custom fields', () => {
    requireAuth<FakeUserFields, RequestIpSource>((_req, principal) => {
      expectTypeOf(principal.user.displayName).toEqualTypeOf<string>()
      return new Response()
    })
  })

  it('refuses empty role or scope lists at construction', () => {
    const ok = () => new Response('ok')
    expect(() => requireAuth(ok, { roles: [] })).toThrow(/"roles" must be a non-empty array/)
    expect(() => requireAuth(ok, { scopes: [''] })).toThrow(/"scopes" must hold non-empty strings/)
  })
})
