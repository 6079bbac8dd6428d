import { describe, expect, it } from 'vitest'
import { buildSession, buildToken, buildUser } from '../../src/testing/record-builders.js'

const T0 = new Date('2030-01-01T00:00:00.000Z')
const DAY_MS = 86_400_000

describe('buildUser', () => {
  it('builds a valid user whose keys follow email and username, created at createdAt', () => {
    const user = buildUser({ email: 'Ada@Example.com', username: 'Ada', createdAt: T0 })
    expect(user).toMatchObject({
      email: 'Ada@Example.com',
      emailKey: 'ada@example.com',
      username: 'Ada',
      usernameKey: 'ada',
      emailVerified: false,
      isActive: true,
      roles: [],
      fields: {},
      createdAt: T0,
      updatedAt: T0,
      lastLoginAt: null,
    })
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$/)
  })

  it('gives every user a distinct id and email, and no username by default', () => {
    const a = buildUser()
    const b = buildUser()
    expect(a.id).not.toBe(b.id)
    expect(a.emailKey).not.toBe(b.emailKey)
    expect(a.username).toBeNull()
    expect(a.usernameKey).toBeNull()
  })

  it('keeps explicit overrides, including null and keys that differ from the derived ones', () => {
    const user = buildUser({
      passwordHash: null,
      usernameKey: 'custom',
      email: 'x@example.com',
      emailKey: 'k',
    })
    expect(user.passwordHash).toBeNull()
    expect(user.usernameKey).toBe('custom')
    expect(user.emailKey).toBe('k')
  })

  it('treats an override set to undefined as absent', () => {
    const user = buildUser({ createdAt: undefined, passwordHash: undefined })
    expect(user.createdAt).toBeInstanceOf(Date)
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
  })
})

describe('buildSession', () => {
  it('builds a 30-day session with a 7-day idle deadline from createdAt, and a hashed secret', () => {
    const session = buildSession({ userId: 'u1', createdAt: T0 })
    expect(session).toMatchObject({ userId: 'u1', createdAt: T0, lastSeenAt: T0 })
    expect(session.expiresAt.getTime()).toBe(T0.getTime() + 30 * DAY_MS)
    expect(session.idleExpiresAt.getTime()).toBe(T0.getTime() + 7 * DAY_MS)
    expect(session.secretHash).toMatch(/^[0-9a-f]{64}$/)
    expect(session.id).not.toBe(buildSession({ userId: 'u1' }).id)
  })

  it('caps the idle deadline at expiresAt', () => {
    const expiresAt = new Date(T0.getTime() + DAY_MS)
    expect(buildSession({ userId: 'u1', createdAt: T0, expiresAt }).idleExpiresAt).toEqual(expiresAt)
  })
})

describe('buildToken', () => {
  it('builds an email-verification token expiring one hour after createdAt, stored as a hash', () => {
    const token = buildToken({ userId: 'u1', createdAt: T0 })
    expect(token).toMatchObject({ userId: 'u1', purpose: 'email_verification', data: {}, createdAt: T0 })
    expect(token.expiresAt.getTime()).toBe(T0.getTime() + 3_600_000)
    expect(token.tokenHash).toMatch(/^[0-9a-f]{64}$/)
  })
})
