import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createTestAuth, errorOf, GOOD_PASSWORD, jsonRequest, register } from '../helpers/test-auth.js'

describe('POST /register', () => {
  it('creates the user, answers 201 with the user and sets a secure session cookie', async () => {
    const { auth } = createTestAuth()
    const response = await auth.handler(
      jsonRequest('POST', '/auth/register', {
        email: ' Ada@Example.COM ',
        password: GOOD_PASSWORD,
        username: 'Ada',
      }),
    )
    expect(response.status).toBe(201)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const { user } = (await response.json()) as { user: Record<string, unknown> }
    expect(user).toMatchObject({
      email: 'Ada@example.com',
      username: 'Ada',
      emailVerified: false,
      isActive: true,
      roles: [],
      lastLoginAt: null,
    })
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(Object.keys(user)).not.toContain('passwordHash')
    expect(JSON.stringify(user)).not.toContain('argon2')
    const [cookie] = response.headers.getSetCookie()
    expect(cookie).toMatch(/^__Host-portcullis\.session=[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{43}; /)
    expect(cookie).toContain('; Path=/')
    expect(cookie).toContain('; HttpOnly')
    expect(cookie).toContain('; Secure')
    expect(cookie).toContain('; SameSite=Lax')
    expect(cookie).not.toMatch(/Domain=|Max-Age=|Expires=/i)
  })

  it('refuses an email already registered, compared case-insensitively (409 email_taken)', async () => {
    const { auth } = createTestAuth()
    await register(auth)
    const response = await auth.handler(
      jsonRequest('POST', '/auth/register', { email: 'ADA@example.com', password: GOOD_PASSWORD }),
    )
    expect(response.status).toBe(409)
    expect((await errorOf(response)).code).toBe('email_taken')
  })

  it('refuses a username already taken, case-insensitively (409 username_taken)', async () => {
    const { auth } = createTestAuth()
    await register(auth, { username: 'ada' })
    const response = await auth.handler(
      jsonRequest('POST', '/auth/register', {
        email: 'b@example.com',
        password: GOOD_PASSWORD,
        username: 'ADA',
      }),
    )
    expect(response.status).toBe(409)
    expect((await errorOf(response)).code).toBe('username_taken')
  })

  it('counts password length in code points: 14 is too short, 15 passes (PW-1)', async () => {
    const { auth } = createTestAuth()
    const short = await auth.handler(
      jsonRequest('POST', '/auth/register', { email: 'a@example.com', password: 'abcdefghijklmn' }),
    )
    expect(short.status).toBe(400)
    expect(await errorOf(short)).toMatchObject({ code: 'weak_password', fields: { password: 'too_short' } })
    const emoji = '😀'.repeat(15)
    const ok = await auth.handler(
      jsonRequest('POST', '/auth/register', { email: 'a@example.com', password: emoji }),
    )
    expect(ok.status).toBe(201)
  })

  it('refuses a password from the common-password blocklist (PW-6)', async () => {
    // At the default minLength (15), with an entry both lists carry: this file also runs in workerd.
    const { auth } = createTestAuth()
    const response = await auth.handler(
      jsonRequest('POST', '/auth/register', { email: 'a@example.com', password: '1qaz2wsx3edc4rfv' }),
    )
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toMatchObject({
      code: 'weak_password',
      fields: { password: 'compromised' },
    })
  })

  it('refuses a password over the byte cap without hashing it (PW-2)', async () => {
    const { auth } = createTestAuth()
    const response = await auth.handler(
      jsonRequest('POST', '/auth/register', { email: 'a@example.com', password: 'x'.repeat(1025) }),
    )
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toMatchObject({ code: 'weak_password', fields: { password: 'too_long' } })
  })

  it('answers 400 invalid_request with fields for wrong types and bad emails (N-3)', async () => {
    const { auth } = createTestAuth()
    for (const body of [
      { email: 'a@example.com', password: 123456789012345 },
      { email: 'a@example.com', password: ['x'] },
      { email: 'a@example.com' },
      { email: 42, password: GOOD_PASSWORD },
    ]) {
      const response = await auth.handler(jsonRequest('POST', '/auth/register', body))
      expect(response.status).toBe(400)
      expect((await errorOf(response)).code).toBe('invalid_request')
    }
    for (const email of [
      'not-an-email',
      'a@b',
      'a@example.com,b@evil.test',
      'a＠b@example.com',
      '"e@evil"@example.com',
    ]) {
      const response = await auth.handler(
        jsonRequest('POST', '/auth/register', { email, password: GOOD_PASSWORD }),
      )
      expect(response.status, email).toBe(400)
      expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', fields: { email: 'invalid' } })
    }
  })

  it('never lets the body set roles, activity or verification (CVE-2025-61928 class)', async () => {
    const { auth } = createTestAuth()
    const response = await auth.handler(
      jsonRequest('POST', '/auth/register', {
        email: 'a@example.com',
        password: GOOD_PASSWORD,
        roles: ['admin'],
        isActive: false,
        emailVerified: true,
        id: 'chosen',
      }),
    )
    const { user } = (await response.json()) as { user: Record<string, unknown> }
    expect(user).toMatchObject({ roles: [], isActive: true, emailVerified: false })
    expect(user.id).not.toBe('chosen')
  })

  it('validates custom fields with the app schema and returns them on the user', async () => {
    const { auth } = createTestAuth({
      user: {
        fields: z.object({
          displayName: z.string().min(1).max(40),
          plan: z.enum(['free', 'pro']).default('free'),
        }),
      },
    })
    const bad = await auth.handler(
      jsonRequest('POST', '/auth/register', {
        email: 'a@example.com',
        password: GOOD_PASSWORD,
        displayName: '',
      }),
    )
    expect(bad.status).toBe(400)
    expect(await errorOf(bad)).toMatchObject({
      code: 'invalid_request',
      fields: { displayName: expect.any(String) },
    })
    const ok = await auth.handler(
      jsonRequest('POST', '/auth/register', {
        email: 'a@example.com',
        password: GOOD_PASSWORD,
        displayName: 'Ada',
      }),
    )
    expect(ok.status).toBe(201)
    expect(((await ok.json()) as { user: unknown }).user).toMatchObject({ displayName: 'Ada', plan: 'free' })
  })

  it('creates no session when email verification is required', async () => {
    const { auth } = createTestAuth({ user: { requireEmailVerification: true } })
    const response = await auth.handler(
      jsonRequest('POST', '/auth/register', { email: 'a@example.com', password: GOOD_PASSWORD }),
    )
    expect(response.status).toBe(201)
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('limits registrations per client IP (429 with Retry-After)', async () => {
    const { auth } = createTestAuth({ rateLimit: { registerPerIp: { max: 2, windowSeconds: 60 } } })
    const attempt = (n: number) =>
      auth.handler(
        jsonRequest('POST', '/auth/register', { email: `u${n}@example.com`, password: GOOD_PASSWORD }),
        {
          clientIp: '203.0.113.7',
        },
      )
    expect((await attempt(1)).status).toBe(201)
    expect((await attempt(2)).status).toBe(201)
    const limited = await attempt(3)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(limited.headers.get('ratelimit-limit')).toBe('2')
    expect(limited.headers.get('ratelimit-remaining')).toBe('0')
    expect(limited.headers.get('ratelimit-reset')).toBe('60')
    expect((await errorOf(limited)).code).toBe('too_many_attempts')
  })
})
