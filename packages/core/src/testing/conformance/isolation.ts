import { describe, expect, it } from 'vitest'
import type { OneTimeTokenRecord, SessionRecord, UserRecord } from '../../storage/types.js'
import { buildSession, buildToken, buildUser } from '../record-builders.js'
import type { Harness } from './harness.js'

/**
 * Declares the cases showing that records are copied on the way in and out: a caller mutating
 * an object it gave or got never changes what the store holds.
 *
 * @param h - the suite's harness
 */
export function describeIsolation(h: Harness): void {
  describe('records are copies', () => {
    it('mutating a user after createUser does not change the stored user', async () => {
      const user = buildUser({
        roles: ['user'],
        fields: { prefs: { tags: ['a'] } },
        createdAt: h.clock.now(),
      })
      const expected = structuredClone(user)
      await h.storage.createUser(user)
      scribbleOnUser(user)
      expect(await h.storage.getUserById(expected.id)).toEqual(expected)
    })

    it('mutating a user returned by any read or by updateUser does not change the store', async () => {
      const user = await h.user({ username: 'ada', roles: ['user'], fields: { prefs: { tags: ['a'] } } })
      const reads = [
        () => h.storage.getUserById(user.id),
        () => h.storage.getUserByEmail(user.emailKey),
        () => h.storage.getUserByUsername('ada'),
        async () => (await h.storage.listUsers({ limit: 10 }))[0] ?? null,
      ]
      for (const read of reads) {
        const returned = await read()
        expect(returned).toEqual(user)
        if (returned) scribbleOnUser(returned)
        expect(await h.storage.getUserById(user.id)).toEqual(user)
      }
      const now = h.clock.now()
      const updated = await h.storage.updateUser(user.id, { updatedAt: now })
      if (updated) scribbleOnUser(updated)
      expect(await h.storage.getUserById(user.id)).toEqual({ ...user, updatedAt: now })
    })

    it('mutating a patch after updateUser does not change the stored user', async () => {
      const user = await h.user()
      const patch = { roles: ['admin'], fields: { prefs: { tags: ['a'] } }, updatedAt: h.clock.now() }
      await h.storage.updateUser(user.id, patch)
      patch.roles.push('root')
      patch.fields.prefs.tags.push('b')
      patch.updatedAt.setTime(0)
      expect(await h.storage.getUserById(user.id)).toEqual({
        ...user,
        roles: ['admin'],
        fields: { prefs: { tags: ['a'] } },
        updatedAt: h.clock.now(),
      })
    })

    it('mutating a session given to createSession, or returned by a read, does not change the store', async () => {
      const user = await h.user()
      const session = buildSession({ userId: user.id, createdAt: h.clock.now() })
      const expected = structuredClone(session)
      await h.storage.createSession(session)
      scribbleOnSession(session)
      const now = h.clock.now()
      const found = await h.storage.getSessionAndUser(expected.id, now)
      expect(found).toEqual({ session: expected, user })
      if (found) {
        scribbleOnSession(found.session)
        scribbleOnUser(found.user)
      }
      expect(await h.storage.getSessionAndUser(expected.id, now)).toEqual({ session: expected, user })
      for (const listed of await h.storage.listUserSessions(user.id, now)) scribbleOnSession(listed)
      expect(await h.storage.getSessionAndUser(expected.id, now)).toEqual({ session: expected, user })
    })

    it('mutating a token after createToken does not change what consumeToken returns', async () => {
      const user = await h.user()
      const token = buildToken({ userId: user.id, data: { nested: { list: [1] } }, createdAt: h.clock.now() })
      const expected = structuredClone(token)
      await h.storage.createToken(token)
      scribbleOnToken(token)
      expect(await h.storage.consumeToken(expected.purpose, expected.tokenHash, h.clock.now())).toEqual(
        expected,
      )
    })

    it('mutating a returned rate-limit state does not change the counter', async () => {
      const now = h.clock.now()
      const first = await h.storage.hitRateLimit('login:ada', 60, now)
      const resetAt = new Date(first.resetAt)
      first.resetAt.setTime(0)
      first.count = 100
      expect(await h.storage.hitRateLimit('login:ada', 60, now)).toEqual({ count: 2, resetAt })
    })
  })
}

function scribbleOnUser(user: UserRecord): void {
  user.email = 'mallory@example.com'
  user.roles.push('root')
  user.fields.injected = true
  const prefs = user.fields.prefs
  if (isRecord(prefs) && Array.isArray(prefs.tags)) prefs.tags.push('scribbled')
  user.createdAt.setTime(0)
  user.updatedAt.setTime(0)
}

function scribbleOnSession(session: SessionRecord): void {
  session.userId = 'mallory'
  session.expiresAt.setTime(8.64e15)
  session.idleExpiresAt.setTime(8.64e15)
  session.lastSeenAt.setTime(0)
}

function scribbleOnToken(token: OneTimeTokenRecord): void {
  token.purpose = 'scribbled'
  token.expiresAt.setTime(0)
  const nested = token.data.nested
  if (isRecord(nested) && Array.isArray(nested.list)) nested.list.push(2)
  token.data.injected = true
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
