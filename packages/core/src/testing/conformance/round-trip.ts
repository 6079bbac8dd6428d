import { describe, expect, it } from 'vitest'
import type { OneTimeTokenRecord, SessionRecord, UserRecord } from '../../storage/types.js'
import type { Harness } from './harness.js'

/** Custom fields with every JSON kind, nesting and non-ASCII text. */
const RICH_FIELDS: Record<string, unknown> = {
  displayName: 'Zoë Ångström 🚀',
  age: 42,
  ratio: 0.5,
  negative: -7,
  subscribed: false,
  nothing: null,
  tags: ['b', 'a', 'c'],
  nested: { deep: { list: [1, 'two', { three: 3 }], empty: {}, none: [] } },
  quote: 'it\'s "quoted" \\ back',
}

/**
 * Declares the cases showing that stored values come back as given: dates as `Date` with
 * their milliseconds, nulls as null, arrays in order, JSON fields intact.
 *
 * @param h - the suite's harness
 */
export function describeRoundTrip(h: Harness): void {
  describe('stored values come back as given', () => {
    it('a user with every field set: Dates with milliseconds, roles in order, nested JSON fields', async () => {
      const createdAt = h.clock.advanceMilliseconds(123)
      const user = await h.user({
        email: 'Zoë@Example.com',
        emailKey: 'zoë@example.com',
        emailVerified: true,
        username: 'Zoë_1',
        usernameKey: 'zoë_1',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
        isActive: false,
        roles: ['user', 'admin', 'billing'],
        fields: RICH_FIELDS,
        createdAt,
        updatedAt: new Date(createdAt.getTime() + 1),
        lastLoginAt: new Date(createdAt.getTime() + 2),
      })
      const stored = await h.storage.getUserById(user.id)
      expect(stored).toEqual(user)
      expectDates(stored, user, ['createdAt', 'updatedAt', 'lastLoginAt'])
      expect(await h.storage.getUserByEmail('zoë@example.com')).toEqual(user)
      expect(await h.storage.getUserByUsername('zoë_1')).toEqual(user)
    })

    it('a user with every nullable field null and empty roles and fields', async () => {
      const user = await h.user({
        username: null,
        usernameKey: null,
        passwordHash: null,
        roles: [],
        fields: {},
        lastLoginAt: null,
      })
      expect(await h.storage.getUserById(user.id)).toEqual(user)
      expect((await h.storage.listUsers({ limit: 1 }))[0]).toEqual(user)
    })

    it('a session: Dates with milliseconds, an IPv6 address, a long user agent, and nulls', async () => {
      const user = await h.user()
      const createdAt = h.clock.advanceMilliseconds(321)
      const full = await h.session(user.id, {
        createdAt,
        ip: '2001:db8::1',
        userAgent: `Mozilla/5.0 ${'x'.repeat(500)}`,
      })
      const bare = await h.session(user.id, {
        createdAt: new Date(createdAt.getTime() + 1),
        ip: null,
        userAgent: null,
      })
      const found = await h.storage.getSessionAndUser(full.id, createdAt)
      expect(found?.session).toEqual(full)
      expectDates(found?.session, full, ['createdAt', 'lastSeenAt', 'expiresAt', 'idleExpiresAt'])
      const listed = await h.storage.listUserSessions(user.id, createdAt)
      expect(listed).toEqual([bare, full])
      expectDates(listed[0], bare, ['createdAt', 'lastSeenAt', 'expiresAt', 'idleExpiresAt'])
    })

    it('a token: Dates with milliseconds and nested JSON data', async () => {
      const user = await h.user()
      const createdAt = h.clock.advanceMilliseconds(7)
      const token = await h.token(user.id, { purpose: 'email_change', data: RICH_FIELDS, createdAt })
      const consumed = await h.storage.consumeToken('email_change', token.tokenHash, createdAt)
      expect(consumed).toEqual(token)
      expectDates(consumed, token, ['createdAt', 'expiresAt'])
    })

    it('a rate-limit state: resetAt is a Date with milliseconds', async () => {
      const now = h.clock.advanceMilliseconds(999)
      const state = await h.storage.hitRateLimit('login:zoë', 90, now)
      expect(state.resetAt).toBeInstanceOf(Date)
      expect(state.resetAt.getTime()).toBe(now.getTime() + 90_000)
    })
  })
}

type AnyRecord = UserRecord | SessionRecord | OneTimeTokenRecord

/** Asserts that each named field of `actual` is a real `Date` at the same millisecond as in `expected`. */
function expectDates<T extends AnyRecord>(
  actual: T | null | undefined,
  expected: T,
  keys: (keyof T)[],
): void {
  expect(actual).toBeTruthy()
  if (!actual) return
  for (const key of keys) {
    const value = actual[key]
    const wanted = expected[key]
    expect(value, `${String(key)} is a Date`).toBeInstanceOf(Date)
    if (value instanceof Date && wanted instanceof Date)
      expect(value.getTime(), `${String(key)} milliseconds`).toBe(wanted.getTime())
  }
}
