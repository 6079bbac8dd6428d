import { describeHttpContract } from '@portcullis/contract-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildOnce, type NextServer, nextBin, startNext } from './next-process'

// Skip rule (issue 8): without the runtime, one line and a skip, unless CI=true, where it fails.
const missing = nextBin() === null
if (missing && process.env.CI !== 'true') {
  console.warn('examples/next: skipped, the next package is not installed (pnpm install)')
}
const describeNext = missing && process.env.CI !== 'true' ? describe.skip : describe

const password = 'a passphrase of sufficient length'

describeNext('examples/next under next build && next start', () => {
  let server: NextServer
  beforeAll(async () => {
    const buildMs = await buildOnce()
    server = await startNext()
    console.log(
      `examples/next: next build ${Math.round(buildMs)} ms, next start ready after ${Math.round(server.readyAfterMs)} ms`,
    )
  }, 180_000)
  afterAll(async () => {
    await server?.close()
  })

  const send = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${server.baseUrl}${path}`, { redirect: 'manual', ...init })
  const postJson = (path: string, body: unknown, cookie?: string): Promise<Response> =>
    send(path, {
      method: 'POST',
      headers: {
        Origin: server.origin,
        'Content-Type': 'application/json',
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: JSON.stringify(body),
    })
  const sessionCookie = (response: Response): string =>
    response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0]!)
      .find((pair) => pair.startsWith('portcullis.session='))!

  it('registers, logs in and reads /auth/me; the proxy, the page and a route handler see the same store', async () => {
    expect((await postJson('/auth/register', { email: 'smoke@example.com', password })).status).toBe(201)
    const login = await postJson('/auth/login', { identifier: 'smoke@example.com', password })
    expect(login.status).toBe(200)
    const { accessToken } = (await login.json()) as { accessToken: string }
    const cookie = sessionCookie(login)

    const me = await send('/auth/me', { headers: { Cookie: cookie } })
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('smoke@example.com')

    // The proxy and the server component run in other bundles: they must find the same session.
    const dashboard = await send('/dashboard', { headers: { Cookie: cookie } })
    expect(dashboard.status).toBe(200)
    expect(await dashboard.text()).toContain('smoke@example.com')

    const api = await send('/api/private', { headers: { Authorization: `Bearer ${accessToken}` } })
    expect(api.status).toBe(200)
    expect(await api.json()).toMatchObject({ user: { email: 'smoke@example.com' }, method: 'jwt' })
    // With a bearer token the proxy lets the page load through without a session cookie.
    const withToken = await send('/dashboard', { headers: { Authorization: `Bearer ${accessToken}` } })
    expect(withToken.status).toBe(200)
  })

  it('sends a page load without a session to /login, on the configured origin', async () => {
    for (const path of ['/dashboard', '/Dashboard', '/dashboard/']) {
      const response = await send(path)
      expect([307, 308], path).toContain(response.status)
      if (response.status === 307) {
        // The proxy builds it on APP_ORIGIN; Next shortens a same-app Location to its path.
        const target = `/login?next=${encodeURIComponent(path)}`
        expect([target, `${server.origin}${target}`], path).toContain(response.headers.get('location'))
      }
    }
    expect((await send('/api/private')).status).toBe(401)
  })

  it('N-1: x-middleware-subrequest skips nothing (CVE-2025-29927)', async () => {
    for (const value of [
      'middleware',
      'middleware:middleware:middleware:middleware:middleware',
      'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
      'proxy:proxy:proxy:proxy:proxy',
      'src/proxy:src/proxy:src/proxy:src/proxy:src/proxy',
    ]) {
      const headers = { 'x-middleware-subrequest': value }
      const page = await send('/dashboard', { headers })
      expect(page.status, value).toBe(307)
      expect(await page.text(), value).not.toContain('Signed in as')
      expect((await send('/auth/me', { headers })).status, value).toBe(401)
      expect((await send('/api/private', { headers })).status, value).toBe(401)
    }
  })
})

describeHttpContract(
  'next build && next start (Node)',
  async () => {
    if (missing) throw new Error('examples/next: the next package is not installed')
    await buildOnce()
    const server = await startNext()
    return { baseUrl: server.baseUrl, origin: server.origin, close: async () => void (await server.close()) }
  },
  { features: { accessTokens: true } },
)
