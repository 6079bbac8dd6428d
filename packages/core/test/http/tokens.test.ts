import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createTestAuth,
  errorOf,
  GOOD_PASSWORD,
  jsonRequest,
  register,
} from '../helpers/test-auth.js'

const HS256 = { kid: 'k1', alg: 'HS256', secret: 'an-hs256-secret-of-at-least-32-bytes!' } as const

interface TokenResponse {
  user: { id: string }
  accessToken: string
  tokenType: string
  expiresIn: number
  refreshToken: string
}

function tokenAuth(overrides: Parameters<typeof createTestAuth>[0] = {}) {
  return createTestAuth({ jwt: { keys: [HS256] }, ...overrides })
}

async function login(auth: { handler: (r: Request) => Promise<Response> }) {
  const response = await auth.handler(
    jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
  )
  expect(response.status).toBe(200)
  return { response, body: (await response.json()) as TokenResponse }
}

const bearer = (path: string, token: string, init: RequestInit = {}) =>
  new Request(`${APP_ORIGIN}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  })

const refresh = (auth: { handler: (r: Request) => Promise<Response> }, refreshToken: string) =>
  auth.handler(
    new Request(`${APP_ORIGIN}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }),
  )

describe('access and refresh tokens over HTTP', () => {
  it('login returns an access token, a refresh token and a refresh cookie scoped to the refresh path', async () => {
    const { auth } = tokenAuth()
    await register(auth)
    const { response, body } = await login(auth)
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 })
    expect(body.accessToken.split('.')).toHaveLength(3)
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const cookies = response.headers.getSetCookie()
    expect(cookies[0]).toMatch(/^__Host-portcullis\.session=/)
    expect(cookies[1]).toBe(
      `__Secure-portcullis.refresh=${body.refreshToken}; Path=/auth/refresh; Max-Age=1209600; HttpOnly; Secure; SameSite=Strict`,
    )
    const header = JSON.parse(atob(body.accessToken.split('.')[0]!)) as Record<string, string>
    expect(header).toEqual({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' })
  })

  it('authenticates GET /me with the bearer token (no cookie, no origin needed)', async () => {
    const { auth } = tokenAuth()
    await register(auth)
    const { body } = await login(auth)
    const me = await auth.handler(bearer('/auth/me', body.accessToken))
    expect(me.status).toBe(200)
    const principal = await auth.authenticate(bearer('/x', body.accessToken))
    expect(principal).toMatchObject({ method: 'jwt', scopes: ['*'], user: { id: body.user.id } })
    expect(principal?.sessionId).toEqual(expect.any(String))
  })

  it('refuses expired, tampered and foreign tokens with 401', async () => {
    const { auth, clock } = tokenAuth()
    await register(auth)
    const { body } = await login(auth)
    const [h, p, s] = body.accessToken.split('.') as [string, string, string]
    const tampered = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`
    expect((await auth.handler(bearer('/auth/me', tampered))).status).toBe(401)
    expect((await auth.handler(bearer('/auth/me', `${h}.${p}.`))).status).toBe(401)
    const { auth: other } = tokenAuth({
      jwt: { keys: [{ ...HS256, secret: 'another-hs256-secret-of-32-bytes-long' }] },
    })
    const { body: foreign } = await (async () => {
      await register(other)
      return login(other)
    })()
    expect((await auth.handler(bearer('/auth/me', foreign.accessToken))).status).toBe(401)
    clock.advanceSeconds(900 + 31)
    expect((await auth.handler(bearer('/auth/me', body.accessToken))).status).toBe(401)
  })

  it('rotates refresh tokens; a reused one revokes the whole login and answers token_reused (RFC 9700)', async () => {
    const { auth } = tokenAuth()
    const { cookie } = await register(auth)
    const { body: first } = await login(auth)
    const second = await refresh(auth, first.refreshToken)
    expect(second.status).toBe(200)
    const rotated = (await second.json()) as TokenResponse
    expect(rotated.refreshToken).not.toBe(first.refreshToken)
    expect((await auth.handler(bearer('/auth/me', rotated.accessToken))).status).toBe(200)

    const reused = await refresh(auth, first.refreshToken)
    expect(reused.status).toBe(401)
    expect((await errorOf(reused)).code).toBe('token_reused')
    expect(reused.headers.getSetCookie()[0]).toMatch(
      /^__Secure-portcullis\.refresh=; Path=\/auth\/refresh; Max-Age=0/,
    )
    // The family is gone, and so is the session it belonged to.
    const after = await refresh(auth, rotated.refreshToken)
    expect(after.status).toBe(401)
    expect((await errorOf(after)).code).toBe('invalid_token')
    // The registration's session (another login) is untouched.
    expect((await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))).status).toBe(200)
  })

  it('lets exactly one of concurrent refreshes with the same token win', async () => {
    const { auth } = tokenAuth()
    await register(auth)
    const { body } = await login(auth)
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => refresh(auth, body.refreshToken).then((r) => r.status)),
    )
    expect(statuses.filter((status) => status === 200)).toHaveLength(1)
    expect(statuses.filter((status) => status === 401)).toHaveLength(19)
  })

  it('refreshes from the cookie only with a trusted origin; refuses unknown and missing tokens', async () => {
    const { auth } = tokenAuth()
    await register(auth)
    const { body } = await login(auth)
    const fromCookie = (origin: string) =>
      auth.handler(
        new Request(`${APP_ORIGIN}/auth/refresh`, {
          method: 'POST',
          headers: { cookie: `__Secure-portcullis.refresh=${body.refreshToken}`, origin },
        }),
      )
    expect((await fromCookie('https://evil.test')).status).toBe(403)
    expect((await fromCookie(APP_ORIGIN)).status).toBe(200)
    const unknown = await refresh(auth, 'A'.repeat(43))
    expect(unknown.status).toBe(401)
    expect((await errorOf(unknown)).code).toBe('invalid_token')
    const none = await auth.handler(
      new Request(`${APP_ORIGIN}/auth/refresh`, { method: 'POST', headers: { origin: APP_ORIGIN } }),
    )
    expect(none.status).toBe(401)
  })

  it('ends refresh tokens with the login: logout, password change and disabling the user', async () => {
    const { auth } = tokenAuth()
    const { userId } = await register(auth)
    const a = (await login(auth)).body
    const logout = await auth.handler(bearer('/auth/logout', a.accessToken, { method: 'POST' }))
    expect(logout.status).toBe(204)
    expect((await refresh(auth, a.refreshToken)).status).toBe(401)

    const b = (await login(auth)).body
    const c = (await login(auth)).body
    const change = await auth.handler(
      bearer('/auth/change-password', b.accessToken, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.test' },
        body: JSON.stringify({ currentPassword: GOOD_PASSWORD, newPassword: 'another long passphrase here' }),
      }),
    )
    expect(change.status).toBe(204)
    expect((await refresh(auth, b.refreshToken)).status).toBe(401)
    expect((await refresh(auth, c.refreshToken)).status).toBe(401)

    const d = (await auth
      .handler(
        jsonRequest('POST', '/auth/login', {
          identifier: 'ada@example.com',
          password: 'another long passphrase here',
        }),
      )
      .then((r) => r.json())) as TokenResponse
    await auth.api.updateUser(userId, { isActive: false })
    expect((await refresh(auth, d.refreshToken)).status).toBe(401)
    expect((await auth.handler(bearer('/auth/me', d.accessToken))).status).toBe(401)
  })

  it('logout with a refresh token in the body revokes its family', async () => {
    const { auth } = tokenAuth()
    await register(auth)
    const { body } = await login(auth)
    const response = await auth.handler(
      jsonRequest('POST', '/auth/logout', { refreshToken: body.refreshToken }),
    )
    expect(response.status).toBe(204)
    expect((await refresh(auth, body.refreshToken)).status).toBe(401)
  })

  it('strict mode refuses an access token as soon as its session ends; the default waits for exp', async () => {
    for (const strict of [false, true]) {
      const { auth } = tokenAuth({ jwt: { keys: [HS256], strict } })
      await register(auth)
      const { body } = await login(auth)
      const sessions = await auth.api.listSessions(body.user.id)
      await auth.api.revokeSessions(body.user.id)
      expect(sessions.length).toBeGreaterThan(0)
      const status = (await auth.handler(bearer('/auth/me', body.accessToken))).status
      expect(status, `strict: ${strict}`).toBe(strict ? 401 : 200)
    }
  })

  it('serves the JWKS with public keys only, cacheable; 404 without jwt', async () => {
    const { auth } = createTestAuth({ mode: 'development', jwt: {} })
    const response = await auth.handler(new Request(`${APP_ORIGIN}/auth/.well-known/jwks.json`))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=300')
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] }
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
    expect(keys[0]).not.toHaveProperty('d')
    const { auth: plain } = createTestAuth()
    expect((await plain.handler(new Request(`${APP_ORIGIN}/auth/.well-known/jwks.json`))).status).toBe(404)
    expect((await plain.handler(jsonRequest('POST', '/auth/refresh', { refreshToken: 'x' }))).status).toBe(
      404,
    )
  })

  it('auth.api.jwt creates and verifies tokens for apps that do it themselves', async () => {
    const { auth } = tokenAuth({ jwt: { keys: [HS256], claims: (user) => ({ tenant: `t-${user.email}` }) } })
    const user = await auth.api.createUser({ email: 'svc@example.com', roles: ['billing'] })
    const { accessToken, expiresIn } = await auth.api.jwt!.createAccessToken(user.id, {
      scopes: ['invoices:read'],
    })
    expect(expiresIn).toBe(900)
    const payload = await auth.api.jwt!.verify(accessToken)
    expect(payload).toMatchObject({
      sub: user.id,
      roles: ['billing'],
      scopes: ['invoices:read'],
      tenant: 't-svc@example.com',
    })
    expect(await auth.api.jwt!.verify(`${accessToken}x`)).toBeNull()
    expect(auth.api.jwt!.extractToken(bearer('/x', accessToken))).toBe(accessToken)
    await expect(auth.api.jwt!.createAccessToken('nobody')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('refuses to start in production without keys', () => {
    expect(() => createTestAuth({ jwt: {} })).toThrow(/jwt/)
  })
})
