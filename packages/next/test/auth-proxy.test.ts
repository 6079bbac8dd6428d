import { describe, expect, it, vi } from 'vitest'
import { createAuthProxy } from '../src/auth-proxy.js'
import { toNextHandlers } from '../src/route-handlers.js'
import { ORIGIN, registerUser, setupAuth } from './setup-auth.js'

/** Next's "continue" answer from NextResponse.next(). */
const passed = (response: Response): boolean => response.headers.get('x-middleware-next') === '1'

const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Request =>
  new Request(`${ORIGIN}${path}`, { method, headers })

describe('createAuthProxy: what it guards', () => {
  it('lets unguarded paths and the auth routes through without touching storage', async () => {
    const { auth, calls } = setupAuth()
    const proxy = createAuthProxy({ auth, paths: ['/dashboard/*', '/admin'] })
    for (const path of ['/', '/login', '/dashboards', '/auth/me', '/auth', '/public/x']) {
      expect(passed(await proxy(get(path))), path).toBe(true)
    }
    expect(calls).toEqual([])
  })

  it('guards every spelling of a guarded path', async () => {
    const { auth } = setupAuth()
    const proxy = createAuthProxy({ auth, paths: ['/dashboard/*', '/admin'] })
    for (const path of [
      '/dashboard',
      '/dashboard/',
      '/dashboard/settings',
      '//dashboard',
      '/Dashboard',
      '/%64ashboard',
      '/public/../dashboard',
      '/dashboard%2Fx',
      '/admin/',
      '/ADMIN',
      '/%E0%A4%A',
    ]) {
      const response = await proxy(get(path))
      expect(response.status, path).toBe(401)
    }
  })

  it('guards every path the proxy runs on when no paths are given, but not the auth routes', async () => {
    const { auth } = setupAuth()
    const proxy = createAuthProxy({ auth })
    expect((await proxy(get('/anything'))).status).toBe(401)
    expect(passed(await proxy(get('/auth/login', {}, 'POST')))).toBe(true)
  })
})

describe('createAuthProxy: how it decides', () => {
  it('passes a valid access token with no storage call at all', async () => {
    const { auth, calls } = setupAuth()
    const { userId } = await registerUser(auth, 'tok@example.com')
    const { accessToken } = await auth.api.jwt!.createAccessToken(userId)
    const proxy = createAuthProxy({ auth, paths: ['/dashboard/*'] })
    calls.length = 0
    const response = await proxy(get('/dashboard', { Authorization: `Bearer ${accessToken}` }))
    expect(passed(response)).toBe(true)
    expect(calls).toEqual([])
  })

  it('passes a session cookie with one storage round trip', async () => {
    const { auth, calls } = setupAuth()
    const { cookie } = await registerUser(auth, 'ses@example.com')
    const proxy = createAuthProxy({ auth, paths: ['/dashboard/*'] })
    calls.length = 0
    expect(passed(await proxy(get('/dashboard', { Cookie: cookie })))).toBe(true)
    expect(calls).toEqual(['getSessionAndUser'])
  })

  it('refuses a forged or foreign token, then finds no session', async () => {
    const { auth } = setupAuth()
    const { userId } = await registerUser(auth, 'forge@example.com')
    const { accessToken } = await auth.api.jwt!.createAccessToken(userId)
    const [header, payload] = accessToken.split('.')
    const other = setupAuth() // same claims shape, another key
    const { userId: otherId } = await registerUser(other.auth, 'forge@example.com')
    const foreign = (await other.auth.api.jwt!.createAccessToken(otherId)).accessToken
    const proxy = createAuthProxy({ auth, paths: ['/dashboard/*'] })
    for (const token of [`${header}.${payload}.`, `${header}.${payload}.AAAA`, foreign, 'garbage']) {
      expect((await proxy(get('/dashboard', { Authorization: `Bearer ${token}` }))).status, token).toBe(401)
    }
  })

  it('redirects page loads to redirectTo with the way back, and answers API calls 401', async () => {
    const { auth } = setupAuth()
    const proxy = createAuthProxy({ auth, paths: ['/dashboard/*'], redirectTo: '/login' })
    const page = await proxy(get('/dashboard/a?tab=1'))
    expect(page.status).toBe(307)
    expect(page.headers.get('location')).toBe(`${ORIGIN}/login?next=%2Fdashboard%2Fa%3Ftab%3D1`)
    const spoofed = await proxy(
      new Request('http://evil.example/dashboard', { headers: { Host: 'evil.example' } }),
    )
    expect(spoofed.headers.get('location')).toBe(`${ORIGIN}/login?next=%2Fdashboard`)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect((await proxy(get('/dashboard', {}, 'POST'))).status).toBe(401)
    const api = await proxy(get('/dashboard', { Authorization: 'Bearer nope' }))
    expect(api.status).toBe(401)
    expect(await api.json()).toEqual({
      error: { code: 'unauthenticated', message: 'authentication required' },
    })
  })

  it('checks only tokens with session: false, and uses a custom verifier without auth', async () => {
    const { auth, calls } = setupAuth()
    const { cookie } = await registerUser(auth, 'only@example.com')
    calls.length = 0
    const tokensOnly = createAuthProxy({ auth, session: false })
    expect((await tokensOnly(get('/x', { Cookie: cookie }))).status).toBe(401)
    expect(calls).toEqual([])

    const verify = vi.fn(async (token: string) => (token === 'good-token' ? { sub: 'u1' } : null))
    const custom = createAuthProxy({ accessToken: { verify } })
    expect(passed(await custom(get('/x', { Authorization: 'Bearer good-token' })))).toBe(true)
    expect((await custom(get('/x', { Authorization: 'Bearer bad-token' }))).status).toBe(401)
    expect((await custom(get('/x'))).status).toBe(401)
    expect(verify.mock.calls).toEqual([['good-token'], ['bad-token']])
  })

  it("asks the app's own /auth/me at the configured URL, forwarding credentials only", async () => {
    const { auth } = setupAuth()
    const { cookie } = await registerUser(auth, 'me@example.com')
    const { GET } = toNextHandlers(auth)
    const seen: Request[] = []
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init)
      seen.push(request)
      return GET(request)
    })
    try {
      const proxy = createAuthProxy({ session: { meUrl: 'http://127.0.0.1:3000/auth/me' } })
      const request = get('/dashboard', { Cookie: cookie, Host: 'evil.example', 'X-Other': '1' })
      expect(passed(await proxy(request))).toBe(true)
      expect(seen[0]!.url).toBe('http://127.0.0.1:3000/auth/me')
      expect([...seen[0]!.headers.keys()]).toEqual(['cookie'])
      expect((await proxy(get('/dashboard', { Cookie: 'portcullis.session=x.y' }))).status).toBe(401)
      expect((await proxy(get('/dashboard'))).status).toBe(401)
      expect(seen).toHaveLength(2) // no credentials: no call
      fetchSpy.mockResolvedValueOnce(new Response('down', { status: 503 }))
      await expect(proxy(get('/dashboard', { Cookie: cookie }))).rejects.toThrow(/answered 503/)
    } finally {
      fetchSpy.mockRestore()
    }
  })

  it('fails closed when core throws', async () => {
    const { auth } = setupAuth()
    const broken = { ...auth, authenticate: async () => Promise.reject(new Error('storage down')) }
    const proxy = createAuthProxy({ auth: broken, accessToken: false })
    await expect(proxy(get('/dashboard', { Cookie: 'portcullis.session=a.b' }))).rejects.toThrow(
      'storage down',
    )
  })

  it('checks its options at construction', () => {
    const { auth } = setupAuth()
    expect(() => createAuthProxy({})).toThrow(/nothing to check/)
    expect(() => createAuthProxy({ session: 'authenticate' })).toThrow(/needs "auth"/)
    expect(() => createAuthProxy({ auth, paths: ['dashboard'] })).toThrow(/start with "\/"/)
    for (const redirectTo of ['login', '//evil.example', 'https://evil.example', '/\\evil.example']) {
      expect(() => createAuthProxy({ auth, redirectTo }), redirectTo).toThrow(/local path/)
    }
    expect(() => createAuthProxy({ session: { meUrl: 'file:///etc/passwd' } })).toThrow(/http/)
    expect(() => createAuthProxy({ auth: {} as typeof auth })).toThrow(/createAuth/)
  })
})

describe('N-1: x-middleware-subrequest buys nothing (CVE-2025-29927)', () => {
  const values = [
    'middleware',
    'middleware:middleware:middleware:middleware:middleware',
    'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
    'proxy:proxy:proxy:proxy:proxy',
    'pages/_middleware',
  ]

  it.each(values)(
    'a request with x-middleware-subrequest: %s and no session gets 401 / the login redirect',
    async (value) => {
      const { auth } = setupAuth()
      const api = createAuthProxy({ auth, paths: ['/dashboard/*'] })
      const pages = createAuthProxy({ auth, paths: ['/dashboard/*'], redirectTo: '/login' })
      const headers = { 'x-middleware-subrequest': value }
      const refused = await api(get('/dashboard', headers))
      expect(refused.status).toBe(401)
      expect(passed(refused)).toBe(false)
      const redirected = await pages(get('/dashboard', headers))
      expect(redirected.status).toBe(307)
      expect(redirected.headers.get('location')).toBe(`${ORIGIN}/login?next=%2Fdashboard`)
      // The data path refuses it too (IN-5): core's own routes ignore the header.
      const me = await toNextHandlers(auth).GET(get('/auth/me', headers))
      expect(me.status).toBe(401)
    },
  )
})
