import { Agent, request as httpRequest } from 'node:http'
import type { Auth } from '@portcullis/core'
import express, { type Response as ExpressResponse, type NextFunction, type Request } from 'express'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { mountAuth } from '../src/auth-handler.js'
import { authMiddleware } from '../src/auth-middleware.js'
import { requireAuth } from '../src/require-auth.js'
import type { RequestAuth } from '../src/types.js'
import { cookiesOf, type Listening, listen, ORIGIN, PASSWORD, postJson, testAuth } from './helpers.js'

interface Sessions {
  sessions: { id: string; ip: string | null; current?: boolean }[]
}

/** The app of these tests: the contract, a guarded /api, and express.json() on /parsed/auth. */
function buildApp(auth: Auth<Record<string, unknown>>, jsonFirst: boolean): express.Express {
  const app = express()
  if (jsonFirst) app.use(express.json({ limit: '1mb' }))
  mountAuth(app, auth)
  app.use('/api', authMiddleware(auth))
  app.use('/api', requireAuth({ exclude: { paths: ['/api/public', '/api/open/*'], methods: ['OPTIONS'] } }))
  app.use('/api/admin', requireAuth({ roles: ['admin'] }))
  app.use('/api/reports', requireAuth({ scopes: ['reports:read'] }))
  app.get('/api/public', (req, res) => {
    res.json({ signedIn: req.auth !== null })
  })
  app.get('/api/open/page', (req, res) => {
    res.json({ open: true, signedIn: req.auth !== null })
  })
  app.options('/api/hello', (_req, res) => {
    res.status(204).end()
  })
  app.get('/api/hello', (req, res) => {
    expectTypeOf(req.auth).toEqualTypeOf<RequestAuth | undefined>()
    res.json({ hello: req.auth!.user.email, method: req.auth!.method })
  })
  app.get('/api/admin', (req, res) => {
    res.json({ admin: req.auth!.user.email })
  })
  app.get('/api/reports', (_req, res) => {
    res.json({ reports: [] })
  })
  app.get('/unguarded', requireAuth(), (_req, res) => {
    res.send('never')
  })
  app.use((error: Error, _req: Request, res: ExpressResponse, _next: NextFunction) => {
    res.status(500).json({ message: error.message })
  })
  return app
}

for (const jsonFirst of [false, true]) {
  describe(`@portcullis/express with the real core over HTTP (express.json() ${jsonFirst ? 'before' : 'not'} mounted)`, () => {
    let auth: Auth<Record<string, unknown>>
    let server: Listening
    const email = `ada-${jsonFirst ? 'json' : 'stream'}@example.com`

    beforeAll(async () => {
      auth = testAuth()
      server = await listen(buildApp(auth, jsonFirst))
    })
    afterAll(() => server.close())

    const call = (path: string, init?: RequestInit): Promise<Response> => fetch(`${server.url}${path}`, init)

    it('registers, logs in with two Set-Cookie headers, and uses the session through req.auth', async () => {
      expect((await call('/auth/register', postJson({ email, password: PASSWORD }))).status).toBe(201)
      const login = await call('/auth/login', postJson({ identifier: email, password: PASSWORD }))
      expect(login.status).toBe(200)
      const cookies = login.headers.getSetCookie()
      expect(cookies).toHaveLength(2)
      expect(cookies.map((cookie) => cookie.split('=')[0])).toEqual([
        expect.stringMatching(/session/),
        expect.stringMatching(/refresh/),
      ])
      expect(login.headers.get('cache-control')).toBe('no-store')
      const cookie = cookiesOf(login)

      const me = await call('/auth/me', { headers: { Cookie: cookie } })
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email)

      const hello = await call('/api/hello', { headers: { Cookie: cookie } })
      expect(await hello.json()).toEqual({ hello: email, method: 'session' })
      expect(await (await call('/api/public', { headers: { Cookie: cookie } })).json()).toEqual({
        signedIn: true,
      })
      expect(await (await call('/api/public')).json()).toEqual({ signedIn: false })

      const logout = await call('/auth/logout', postJson({}, { Cookie: cookie }))
      expect(logout.status).toBe(204)
      expect((await call('/api/hello', { headers: { Cookie: cookie } })).status).toBe(401)
    })

    it('lets core refuse CSRF, content types, bad JSON and poisoned keys', async () => {
      const noOrigin = await call('/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier: email, password: PASSWORD }),
      })
      expect(noOrigin.status).toBe(403)
      const form = await call('/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
        body: 'identifier=x&password=y',
      })
      expect(form.status).toBe(415)
      const poisoned = await call('/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: '{"identifier":"x","password":"y","__proto__":{"admin":true}}',
      })
      expect(poisoned.status).toBe(400)
      expect((await call('/auth/nowhere')).status).toBe(404)
      const wrongMethod = await call('/auth/login', { method: 'PUT', headers: { Origin: ORIGIN } })
      expect(wrongMethod.status).toBe(405)
    })

    it('answers 413 through the bridge: a declared length, and a chunked body over the limit', async () => {
      const big = JSON.stringify({ identifier: email, password: 'x'.repeat(20_000) })
      const declared = await call('/auth/login', postJson(JSON.parse(big)))
      expect(declared.status).toBe(413)
      expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')

      const encoder = new TextEncoder()
      const streamed = await call('/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 5; i++)
              controller.enqueue(encoder.encode(big.slice(i * 4_100, (i + 1) * 4_100)))
            controller.enqueue(encoder.encode(big.slice(5 * 4_100)))
            controller.close()
          },
        }),
        duplex: 'half',
      } as RequestInit)
      expect(streamed.status).toBe(413)
      // The server still answers afterwards.
      expect((await call('/api/public')).status).toBe(200)
    })

    it('keeps a keep-alive connection usable after bodies core refused unread or stopped reading', async () => {
      let connections = 0
      server.server.on('connection', () => connections++)
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      const send = (method: string, path: string, body?: string, chunked = false) =>
        new Promise<number>((resolve, reject) => {
          const headers: Record<string, string> = { 'Content-Type': 'application/json', Origin: ORIGIN }
          if (body !== undefined && !chunked) headers['Content-Length'] = String(Buffer.byteLength(body))
          const req = httpRequest(`${server.url}${path}`, { method, agent, headers }, (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          })
          req.setTimeout(5_000, () => req.destroy(new Error(`${method} ${path} timed out`)))
          req.on('error', reject)
          if (body !== undefined && chunked)
            for (let i = 0; i < body.length; i += 4_000) req.write(body.slice(i, i + 4_000))
          else if (body !== undefined) req.write(body)
          req.end()
        })
      try {
        const huge = JSON.stringify({ identifier: 'a', password: 'x'.repeat(200_000) })
        expect(await send('POST', '/auth/login', huge)).toBe(413) // refused on Content-Length, never read
        expect(await send('PUT', '/auth/login', '{}')).toBe(405) // body never read
        const over = JSON.stringify({ identifier: 'a', password: 'x'.repeat(40_000) })
        expect(await send('POST', '/auth/login', over, true)).toBe(413) // read, then cancelled
        expect(await send('GET', '/auth/nowhere')).toBe(404)
        expect(
          await send(
            'POST',
            '/auth/login',
            JSON.stringify({ identifier: 'nobody@example.com', password: PASSWORD }),
          ),
        ).toBe(401)
        expect(connections).toBe(1)
      } finally {
        agent.destroy()
      }
    })

    it('guards with requireAuth: 401, 403 for roles and scopes, admin passes roles, exclusions', async () => {
      const adminEmail = `admin-${jsonFirst}@example.com`
      const registered = await call('/auth/register', postJson({ email: adminEmail, password: PASSWORD }))
      const cookie = cookiesOf(registered)

      const unauthenticated = await call('/api/admin')
      expect(unauthenticated.status).toBe(401)
      expect(unauthenticated.headers.get('cache-control')).toBe('no-store')
      expect(await unauthenticated.json()).toEqual({
        error: { code: 'unauthenticated', message: 'authentication required' },
      })

      const noRole = await call('/api/admin', { headers: { Cookie: cookie } })
      expect(noRole.status).toBe(403)
      expect(await noRole.json()).toEqual({
        error: { code: 'forbidden', message: 'missing a required role' },
      })

      const user = (await auth.api.findUserByEmail(adminEmail))!
      await auth.api.updateUser(user.id, { roles: ['admin'] })
      expect(await (await call('/api/admin', { headers: { Cookie: cookie } })).json()).toEqual({
        admin: adminEmail,
      })

      // A session has every scope; an API key only its own.
      expect((await call('/api/reports', { headers: { Cookie: cookie } })).status).toBe(200)
      const created = await call(
        '/auth/api-keys',
        postJson({ name: 'ci', scopes: ['other'] }, { Cookie: cookie }),
      )
      expect(created.status).toBe(201)
      const { key } = (await created.json()) as { key: string }
      const narrow = await call('/api/reports', { headers: { 'X-API-Key': key } })
      expect(narrow.status).toBe(403)
      expect(await narrow.json()).toEqual({
        error: { code: 'forbidden', message: 'missing a required scope' },
      })
      expect(await (await call('/api/hello', { headers: { 'X-API-Key': key } })).json()).toEqual({
        hello: adminEmail,
        method: 'api_key',
      })

      // Exclusions: exact path, prefix, method; a path spelled otherwise stays guarded.
      expect((await call('/api/public/')).status).toBe(200)
      expect((await call('/api/open/page')).status).toBe(200)
      expect((await call('/api/hello', { method: 'OPTIONS' })).status).toBe(204)
      expect((await call('/API/PUBLIC')).status).toBe(401)
      expect((await call('/api/public%2F..%2Fhello')).status).toBe(401)
    })

    it('fails closed when requireAuth runs without authMiddleware', async () => {
      const response = await call('/unguarded')
      expect(response.status).toBe(500)
      expect(((await response.json()) as { message: string }).message).toMatch(/authMiddleware/)
    })
  })
}

describe('client IP', () => {
  it('is the socket address without trust proxy: X-Forwarded-For is ignored', async () => {
    const auth = testAuth()
    const server = await listen(buildApp(auth, false))
    try {
      const email = 'socket@example.com'
      const registered = await fetch(
        `${server.url}/auth/register`,
        postJson({ email, password: PASSWORD }, { 'X-Forwarded-For': '203.0.113.7' }),
      )
      const sessions = (await (
        await fetch(`${server.url}/auth/sessions`, {
          headers: { Cookie: cookiesOf(registered), 'X-Forwarded-For': '203.0.113.8' },
        })
      ).json()) as Sessions
      expect(sessions.sessions.map((session) => session.ip)).toEqual(['127.0.0.1'])
    } finally {
      await server.close()
    }
  })

  it('is req.ip when the app trusts the proxy, and the socket again with trustProxy: false', async () => {
    for (const trustProxy of [true, false]) {
      const auth = testAuth()
      const app = express()
      app.set('trust proxy', 'loopback')
      mountAuth(app, auth, { trustProxy })
      const server = await listen(app)
      try {
        const registered = await fetch(
          `${server.url}/auth/register`,
          postJson(
            { email: `proxied-${trustProxy}@example.com`, password: PASSWORD },
            { 'X-Forwarded-For': '198.51.100.1, ::ffff:203.0.113.9' },
          ),
        )
        expect(registered.status).toBe(201)
        const sessions = (await (
          await fetch(`${server.url}/auth/sessions`, { headers: { Cookie: cookiesOf(registered) } })
        ).json()) as Sessions
        expect(sessions.sessions.map((session) => session.ip)).toEqual([
          trustProxy ? '203.0.113.9' : '127.0.0.1',
        ])
      } finally {
        await server.close()
      }
    }
  })
})
