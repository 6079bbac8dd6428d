import { createPasswordHasher } from '@portcullis/core/password'
import { describe, expect, it } from 'vitest'
import {
  cookieFrom,
  createTestAuth,
  errorOf,
  GOOD_PASSWORD,
  jsonRequest,
  login,
  register,
} from '../helpers/test-auth.js'

const loginRequest = (body: unknown, cookie?: string) =>
  jsonRequest('POST', '/auth/login', body, { cookie: cookie ?? null })

describe('POST /login', () => {
  it('logs in by email (any case) or by username, with a new session cookie each time', async () => {
    const { auth } = createTestAuth()
    const { cookie: first } = await register(auth, { username: 'ada_l' })
    const byEmail = await auth.handler(
      loginRequest({ identifier: 'ADA@example.com', password: GOOD_PASSWORD }),
    )
    expect(byEmail.status).toBe(200)
    const byUsername = await auth.handler(loginRequest({ identifier: 'Ada_L', password: GOOD_PASSWORD }))
    expect(byUsername.status).toBe(200)
    const legacyEmailField = await auth.handler(
      loginRequest({ email: 'ada@example.com', password: GOOD_PASSWORD }),
    )
    expect(legacyEmailField.status).toBe(200)
    const cookies = new Set([
      first,
      cookieFrom(byEmail),
      cookieFrom(byUsername),
      cookieFrom(legacyEmailField),
    ])
    expect(cookies.size).toBe(4)
    const { user } = (await byEmail.json()) as { user: { email: string; lastLoginAt: string } }
    expect(user.email).toBe('ada@example.com')
    expect(user.lastLoginAt).toBe('2026-01-01T00:00:00.000Z')
  })

  it('answers unknown account and wrong password identically (BF-5, E-1)', async () => {
    const { auth } = createTestAuth()
    await register(auth)
    const wrong = await auth.handler(
      loginRequest({ identifier: 'ada@example.com', password: 'wrong password here' }),
    )
    const unknown = await auth.handler(
      loginRequest({ identifier: 'bob@example.com', password: 'wrong password here' }),
    )
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.text()).toBe(await unknown.text())
    expect([...wrong.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort())
  })

  it('verifies exactly what was typed, after NFC normalisation (PW-4, PW-5)', async () => {
    const { auth } = createTestAuth()
    const password = 'Caf\u00e9 au lait, s\u2019il vous pla\u00eet 😀'
    await register(auth, { password })
    expect((await auth.handler(loginRequest({ identifier: 'ada@example.com', password }))).status).toBe(200)
    const decomposed = password.normalize('NFD')
    expect(decomposed).not.toBe(password)
    expect(
      (await auth.handler(loginRequest({ identifier: 'ada@example.com', password: decomposed }))).status,
    ).toBe(200)
    for (const variant of [password.toLowerCase(), password.slice(0, 20), ` ${password}`]) {
      expect(
        (await auth.handler(loginRequest({ identifier: 'ada@example.com', password: variant }))).status,
      ).toBe(401)
    }
  })

  it('tells a disabled account apart only after a correct password (403 account_disabled)', async () => {
    const { auth } = createTestAuth()
    const { userId } = await register(auth)
    await auth.api.updateUser(userId, { isActive: false })
    const wrong = await auth.handler(
      loginRequest({ identifier: 'ada@example.com', password: 'wrong password here' }),
    )
    expect(wrong.status).toBe(401)
    const right = await auth.handler(loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }))
    expect(right.status).toBe(403)
    expect((await errorOf(right)).code).toBe('account_disabled')
  })

  it('refuses an unverified email when verification is required (403 email_not_verified)', async () => {
    const { auth } = createTestAuth({ user: { requireEmailVerification: true } })
    const user = await auth.api.createUser({ email: 'ada@example.com', password: GOOD_PASSWORD })
    const refused = await auth.handler(
      loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }),
    )
    expect(refused.status).toBe(403)
    expect((await errorOf(refused)).code).toBe('email_not_verified')
    await auth.api.updateUser(user.id, { emailVerified: true })
    expect(
      (await auth.handler(loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }))).status,
    ).toBe(200)
  })

  it('throttles an account after the configured attempts, from any IP, and lets it in after the window (BF-1, B-1)', async () => {
    const { auth, clock } = createTestAuth({
      rateLimit: { loginPerAccount: { max: 10, windowSeconds: 900 } },
    })
    await register(auth)
    for (let i = 0; i < 10; i++) {
      const response = await auth.handler(
        loginRequest({ identifier: 'ada@example.com', password: `wrong ${i} xxxxxxxxxx` }),
        {
          clientIp: `198.51.100.${i}`,
        },
      )
      expect(response.status).toBe(401)
    }
    const locked = await auth.handler(
      loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }),
      {
        clientIp: '198.51.100.99',
      },
    )
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBe(900)
    // The same account through its username shares the counter.
    clock.advanceSeconds(900)
    expect(
      (await auth.handler(loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }))).status,
    ).toBe(200)
  })

  it('resets the account counter on success', async () => {
    const { auth } = createTestAuth({ rateLimit: { loginPerAccount: { max: 3, windowSeconds: 900 } } })
    await register(auth)
    const fail = () =>
      auth.handler(loginRequest({ identifier: 'ada@example.com', password: 'wrong password xx' }))
    await fail()
    await fail()
    await login(auth)
    await fail()
    await fail()
    expect(
      (await auth.handler(loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }))).status,
    ).toBe(200)
  })

  it('limits per client IP for spraying, and ignores X-Forwarded-For (the adapter resolves the IP) (B-2, B-3)', async () => {
    const { auth } = createTestAuth({ rateLimit: { loginPerIp: { max: 5, windowSeconds: 900 } } })
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) {
      const request = jsonRequest(
        'POST',
        '/auth/login',
        { identifier: `user${i}@example.com`, password: 'Spring2026!Spring' },
        { headers: { 'x-forwarded-for': `10.0.0.${i}` } },
      )
      statuses.push((await auth.handler(request, { clientIp: '203.0.113.5' })).status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429])
  })

  it('rehashes on login when the configured parameters changed, without changing the password', async () => {
    const oldHasher = createPasswordHasher({
      argon2id: { memoryCost: 32, timeCost: 1, parallelism: 1 },
      allowWeakParameters: true,
    })
    const storageAuth = createTestAuth({ password: { hasher: oldHasher } })
    await register(storageAuth.auth)
    const before = (await storageAuth.storage.getUserByEmail('ada@example.com'))!.passwordHash!
    expect(before).toContain('m=32,')
    const { auth } = createTestAuth({ storage: storageAuth.storage })
    await login(auth)
    const after = (await storageAuth.storage.getUserByEmail('ada@example.com'))!.passwordHash!
    expect(after).toContain('m=64,')
    await login(auth)
  })

  it('starts a new session even when the browser sends one, and ends the old one (fixation, SES-4, S-2)', async () => {
    const { auth } = createTestAuth()
    const { cookie: registered } = await register(auth)
    const planted =
      '__Host-portcullis.session=AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'
    const withPlanted = await auth.handler(
      loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }, planted),
    )
    expect(cookieFrom(withPlanted)).not.toBe(planted)
    expect((await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie: planted }))).status).toBe(
      401,
    )
    // Logging in again from a browser holding a valid session ends that session.
    const again = await auth.handler(
      loginRequest({ identifier: 'ada@example.com', password: GOOD_PASSWORD }, registered),
    )
    expect(again.status).toBe(200)
    expect(
      (await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie: registered }))).status,
    ).toBe(401)
  })

  it('needs an identifier and refuses two different ones', async () => {
    const { auth } = createTestAuth()
    const none = await auth.handler(loginRequest({ password: GOOD_PASSWORD }))
    expect(none.status).toBe(400)
    const both = await auth.handler(
      loginRequest({ identifier: 'a@example.com', email: 'b@example.com', password: GOOD_PASSWORD }),
    )
    expect(both.status).toBe(400)
  })

  it('refuses a megabyte password quickly with 413, before any hash (PW-2, P-4)', async () => {
    const { auth } = createTestAuth()
    const response = await auth.handler(
      loginRequest({ identifier: 'a@example.com', password: 'x'.repeat(1 << 20) }),
    )
    expect(response.status).toBe(413)
  })
})
