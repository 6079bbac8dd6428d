// Runs under the Bun binary (`bun test`), not vitest: real Bun.serve, real sockets, real core.
// packages/bun/test/bun-runtime.test.ts runs this directory from `pnpm test`.
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { type Auth, createAuth } from '@portcullis/core'
import { createPasswordHasher, parsePasswordHash } from '@portcullis/core/password'
import { createFakeAuth } from '@portcullis/core/testing'
import { createMemoryStorage } from '@portcullis/memory'
import type { Server } from 'bun'
import { authRoutes, requireAuth, withAuth, withPrincipal } from '../../src/index.js'

const ORIGIN = 'http://localhost:8787'
const PASSWORD = 'a passphrase of sufficient length'
type Fields = Record<never, never>

function createTestAuth(storage = createMemoryStorage()): Auth<Fields> {
  return createAuth({
    storage,
    origins: ORIGIN,
    mode: 'development',
    secret: 'a bun adapter test secret of enough length',
    logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
  })
}

const post = (body: unknown, cookie?: string): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}) },
  body: JSON.stringify(body),
})
const cookieOf = (response: Response): string => response.headers.getSetCookie()[0]!.split(';')[0]!

describe('the runtime', () => {
  it('is Bun', () => {
    expect(typeof Bun.version).toBe('string')
    expect(process.versions.bun).toBe(Bun.version)
  })

  it('core hashes with Bun.password (the bun condition of #native-hasher)', async () => {
    const implementations = await createPasswordHasher().implementations()
    expect(implementations).toEqual({
      argon2id: 'Bun.password',
      scrypt: 'node:crypto',
      'pbkdf2-sha256': 'WebCrypto',
    })
  })
})

describe('authRoutes in Bun.serve routes, with withPrincipal + requireAuth', () => {
  const storage = createMemoryStorage()
  const auth = createTestAuth(storage)
  let server: Server<undefined>
  let url: string

  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      routes: {
        ...authRoutes(auth),
        '/api/me': withPrincipal(
          auth,
          requireAuth((_req, principal) => Response.json({ email: principal.user.email })),
        ),
        '/api/admin': withPrincipal(
          auth,
          requireAuth(() => new Response('admin'), { roles: ['admin'] }),
        ),
      },
      fetch: () => Response.json({ error: { code: 'not_found', message: 'not found' } }, { status: 404 }),
    })
    url = server.url.origin
  })
  afterAll(() => server.stop(true))

  it('serves the contract over a real socket: register, login, /auth/me, a guarded route', async () => {
    const email = 'routes@example.com'
    const registered = await fetch(`${url}/auth/register`, post({ email, password: PASSWORD }))
    expect(registered.status).toBe(201)
    const login = await fetch(`${url}/auth/login`, post({ identifier: email, password: PASSWORD }))
    expect(login.status).toBe(200)
    const cookie = cookieOf(login)
    const me = await fetch(`${url}/auth/me`, { headers: { Cookie: cookie } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email)
    expect(await (await fetch(`${url}/api/me`, { headers: { Cookie: cookie } })).json()).toEqual({ email })
    expect((await fetch(`${url}/api/me`)).status).toBe(401)
    expect((await fetch(`${url}/api/admin`, { headers: { Cookie: cookie } })).status).toBe(403)
    expect((await fetch(`${url}/nowhere`)).status).toBe(404)
  })

  it('answers core’s 404 and 405 under /auth, and /auth itself goes to core', async () => {
    expect((await fetch(`${url}/auth/no-such-route`)).status).toBe(404)
    expect((await fetch(`${url}/auth/login`)).status).toBe(405)
    const base = await fetch(`${url}/auth`)
    expect(base.headers.get('cache-control')).toBe('no-store')
  })

  it('stored the password with Bun.password (its 32-byte salt; the portable engine uses 16)', async () => {
    const user = await storage.getUserByEmail('routes@example.com')
    const record = parsePasswordHash(user!.passwordHash!)
    expect(record?.algorithm).toBe('argon2id')
    expect(record?.salt.byteLength).toBe(32)
  })
})

describe('withAuth as the fetch of Bun.serve', () => {
  const auth = createTestAuth()
  let server: Server<undefined>
  let url: string

  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: withAuth(auth, (req, principal, srv: Server<undefined>) =>
        Response.json({
          path: new URL(req.url).pathname,
          email: principal?.user.email ?? null,
          socket: srv.requestIP(req)?.address ?? null,
        }),
      ),
    })
    url = server.url.origin
  })
  afterAll(() => server.stop(true))

  it('serves /auth and hands the principal to the app', async () => {
    const registered = await fetch(
      `${url}/auth/register`,
      post({ email: 'wrap@example.com', password: PASSWORD }),
    )
    expect(registered.status).toBe(201)
    const cookie = cookieOf(registered)
    const hello = await fetch(`${url}/hello`, { headers: { Cookie: cookie } })
    expect(await hello.json()).toMatchObject({ path: '/hello', email: 'wrap@example.com' })
    expect(await (await fetch(`${url}/hello`)).json()).toMatchObject({ email: null })
  })
})

describe('client IP from server.requestIP on a real socket', () => {
  const fake = createFakeAuth()
  const servers: Server<undefined>[] = []
  const start = (trustedProxies?: string[]) => {
    const server = Bun.serve({ port: 0, hostname: '127.0.0.1', routes: authRoutes(fake, { trustedProxies }) })
    servers.push(server)
    return server.url.origin
  }
  afterAll(() => {
    for (const server of servers) server.stop(true)
  })
  const clientIpAt = async (url: string, headers: Record<string, string> = {}) =>
    ((await (await fetch(`${url}/auth/x`, { headers })).json()) as { clientIp: string | null }).clientIp

  it('is the socket peer, X-Forwarded-For ignored, without trusted proxies', async () => {
    expect(await clientIpAt(start(), { 'X-Forwarded-For': '203.0.113.9' })).toBe('127.0.0.1')
  })

  it('reads X-Forwarded-For when the socket peer is a trusted proxy, and only then', async () => {
    expect(await clientIpAt(start(['127.0.0.1']), { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' })).toBe(
      '203.0.113.9',
    )
    expect(await clientIpAt(start(['10.0.0.0/8']), { 'X-Forwarded-For': '203.0.113.9' })).toBe('127.0.0.1')
  })
})
