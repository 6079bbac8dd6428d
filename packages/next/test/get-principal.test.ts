import { beforeEach, describe, expect, it, vi } from 'vitest'
import { registerUser, setupAuth } from './setup-auth.js'

/** The headers `next/headers` hands the helper; outside Next there is no request scope, so the test supplies them. */
const incoming = { headers: new Headers() }
vi.mock('next/headers', () => ({ headers: async () => incoming.headers }))

const { getPrincipal, requirePrincipal } = await import('../src/get-principal.js')

describe('getPrincipal with the real core', () => {
  beforeEach(() => {
    incoming.headers = new Headers()
  })

  it('returns null without credentials and the user with a session cookie', async () => {
    const { auth, calls } = setupAuth()
    const { cookie } = await registerUser(auth, 'grace@example.com')
    expect(await getPrincipal(auth)).toBeNull()
    incoming.headers = new Headers({ cookie: `theme=dark; ${cookie}` })
    calls.length = 0
    const principal = await getPrincipal(auth)
    expect(principal?.user.email).toBe('grace@example.com')
    expect(principal?.method).toBe('session')
    expect(calls).toEqual(['getSessionAndUser'])
  })

  it('accepts a bearer access token and an instance built lazily', async () => {
    const { auth } = setupAuth()
    const { userId } = await registerUser(auth, 'lazy@example.com')
    const { accessToken } = await auth.api.jwt!.createAccessToken(userId)
    incoming.headers = new Headers({ authorization: `Bearer ${accessToken}` })
    const principal = await getPrincipal(async () => auth)
    expect(principal?.user.id).toBe(userId)
    expect(principal?.method).toBe('jwt')
  })

  it('ignores x-middleware-subrequest (N-1 on the data path)', async () => {
    const { auth } = setupAuth()
    incoming.headers = new Headers({
      'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
    })
    expect(await getPrincipal(auth)).toBeNull()
  })

  it('refuses a revoked session at once', async () => {
    const { auth } = setupAuth()
    const { cookie, userId } = await registerUser(auth, 'gone@example.com')
    incoming.headers = new Headers({ cookie })
    expect(await getPrincipal(auth)).not.toBeNull()
    await auth.api.revokeSessions(userId)
    expect(await getPrincipal(auth)).toBeNull()
  })

  it('propagates a storage failure instead of answering null', async () => {
    const { auth } = setupAuth()
    const broken = { ...auth, authenticate: async () => Promise.reject(new Error('storage down')) }
    await expect(getPrincipal(broken)).rejects.toThrow('storage down')
  })
})

describe('requirePrincipal', () => {
  it("returns the principal, or throws Next's redirect", async () => {
    const { auth } = setupAuth()
    const { cookie } = await registerUser(auth, 'req@example.com')
    incoming.headers = new Headers({ cookie })
    expect((await requirePrincipal(auth, { redirectTo: '/login' })).user.email).toBe('req@example.com')
    incoming.headers = new Headers()
    const error = (await requirePrincipal(auth, { redirectTo: '/login?next=%2Fdashboard' }).catch(
      (e: unknown) => e,
    )) as {
      digest?: string
    }
    expect(error.digest).toMatch(/^NEXT_REDIRECT;replace;\/login\?next=%2Fdashboard;307;/)
  })

  it('wants a local redirect target', async () => {
    const { auth } = setupAuth()
    for (const redirectTo of ['login', '//evil.example', 'https://evil.example']) {
      await expect(requirePrincipal(auth, { redirectTo }), redirectTo).rejects.toThrow(/path starting/)
    }
  })
})
