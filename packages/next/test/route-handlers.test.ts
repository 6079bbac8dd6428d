import { describe, expect, it } from 'vitest'
import { toNextHandlers } from '../src/route-handlers.js'
import { cookieOf, ORIGIN, postJson, setupAuth } from './setup-auth.js'

const password = 'a passphrase of sufficient length'

describe('toNextHandlers with the real core', () => {
  it('serves register, login, me and sessions through the exported methods', async () => {
    const { auth } = setupAuth()
    const { GET, POST } = toNextHandlers(auth, { proxy: { header: 'x-forwarded-for' } })

    const registered = await POST(postJson('/auth/register', { email: 'ada@example.com', password }))
    expect(registered.status).toBe(201)
    const login = await POST(
      postJson(
        '/auth/login',
        { identifier: 'ada@example.com', password },
        { 'X-Forwarded-For': '203.0.113.9' },
      ),
    )
    expect(login.status).toBe(200)
    const cookie = cookieOf(login)
    expect(cookie).toMatch(/^portcullis\.session=/)

    const me = await GET(new Request(`${ORIGIN}/auth/me`, { headers: { Cookie: cookie } }))
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('ada@example.com')

    const sessions = await GET(new Request(`${ORIGIN}/auth/sessions`, { headers: { Cookie: cookie } }))
    const list = ((await sessions.json()) as { sessions: { ip: string | null }[] }).sessions
    expect(list.map((s) => s.ip)).toContain('203.0.113.9')
  })

  it('gives core no client IP when no proxy is declared, whatever X-Forwarded-For says', async () => {
    const { auth } = setupAuth()
    const { GET, POST } = toNextHandlers(auth)
    await POST(postJson('/auth/register', { email: 'bo@example.com', password }))
    const login = await POST(
      postJson(
        '/auth/login',
        { identifier: 'bo@example.com', password },
        { 'X-Forwarded-For': '203.0.113.9' },
      ),
    )
    const sessions = await GET(
      new Request(`${ORIGIN}/auth/sessions`, { headers: { Cookie: cookieOf(login) } }),
    )
    const list = ((await sessions.json()) as { sessions: { ip: string | null }[] }).sessions
    expect(list.length).toBeGreaterThan(0)
    expect(list.every((s) => s.ip === null)).toBe(true)
  })

  it('lets core answer every method, including the ones it refuses', async () => {
    const { auth } = setupAuth()
    const handlers = toNextHandlers(auth)
    expect(Object.keys(handlers).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'])
    const put = await handlers.PUT(
      new Request(`${ORIGIN}/auth/me`, { method: 'PUT', headers: { Origin: ORIGIN } }),
    )
    expect(put.status).toBe(405)
    expect(((await put.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed')
    const me = await handlers.GET(new Request(`${ORIGIN}/auth/me`))
    expect(me.status).toBe(401)
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('unauthenticated')
  })

  it('refuses a cross-site POST (core checks the Origin, the adapter adds nothing)', async () => {
    const { auth } = setupAuth()
    const { POST } = toNextHandlers(auth)
    const response = await POST(
      postJson('/auth/register', { email: 'eve@example.com', password }, { Origin: 'https://evil.example' }),
    )
    expect(response.status).toBe(403)
  })

  it('builds the instance lazily, once per call of the function', async () => {
    const { auth } = setupAuth()
    let built = 0
    const handlers = toNextHandlers(async () => {
      built++
      return auth
    })
    expect(built).toBe(0)
    await handlers.GET(new Request(`${ORIGIN}/auth/me`))
    expect(built).toBe(1)
  })

  it('passes its waitUntil to core and checks its arguments', async () => {
    const { auth } = setupAuth()
    const contexts: unknown[] = []
    const spy = {
      ...auth,
      handler: (request: Request, context?: unknown) => {
        contexts.push(context)
        return auth.handler(request)
      },
    }
    const waitUntil = (): void => {}
    await toNextHandlers(spy as typeof auth, { waitUntil }).GET(new Request(`${ORIGIN}/auth/me`))
    expect(contexts).toEqual([{ clientIp: undefined, waitUntil }])
    expect(() => toNextHandlers({} as typeof auth)).toThrow(/createAuth/)
    expect(() => toNextHandlers(auth, { proxy: { trustedProxies: ['nonsense'] } })).toThrow(TypeError)
    await expect(
      toNextHandlers(async () => ({}) as typeof auth).GET(new Request(`${ORIGIN}/auth/me`)),
    ).rejects.toThrow(/must return/)
  })
})
