import { describe, expect, it } from 'vitest'
import { UniqueConstraintError } from '../../storage/types.js'
import { buildUser } from '../record-builders.js'
import type { Harness } from './harness.js'

/**
 * Declares the race cases: `h.concurrency` calls started together, where the store alone must
 * keep uniqueness, consume-once and counting exact (SECURITY.md ST-2, ST-5).
 *
 * @param h - the suite's harness
 */
export function describeConcurrency(h: Harness): void {
  describe('under concurrency', () => {
    it('parallel createUser with one emailKey: exactly one resolves, the rest reject with UniqueConstraintError(email)', async () => {
      const n = h.concurrency
      const candidates = Array.from({ length: n }, (_, i) =>
        buildUser({ email: 'race@example.com', username: `racer${i}`, createdAt: h.clock.now() }),
      )
      const results = await Promise.allSettled(candidates.map((user) => h.storage.createUser(user)))
      const winner = expectOneWinner(results, 'email')
      const stored = await h.storage.getUserByEmail('race@example.com')
      expect(stored?.id).toBe(candidates[winner]?.id)
      expect(await h.storage.listUsers({ limit: n + 1 })).toHaveLength(1)
    })

    it('parallel createUser with one usernameKey: exactly one resolves, the rest reject with UniqueConstraintError(username)', async () => {
      const n = h.concurrency
      const candidates = Array.from({ length: n }, () =>
        buildUser({ username: 'racer', createdAt: h.clock.now() }),
      )
      const results = await Promise.allSettled(candidates.map((user) => h.storage.createUser(user)))
      const winner = expectOneWinner(results, 'username')
      expect((await h.storage.getUserByUsername('racer'))?.id).toBe(candidates[winner]?.id)
      expect(await h.storage.listUsers({ limit: n + 1 })).toHaveLength(1)
    })

    it('parallel updateUser of different users to one emailKey: exactly one takes it', async () => {
      const n = h.concurrency
      const users = []
      for (let i = 0; i < n; i++) users.push(await h.user())
      const now = h.clock.now()
      const results = await Promise.allSettled(
        users.map((user) =>
          h.storage.updateUser(user.id, {
            email: 'wanted@example.com',
            emailKey: 'wanted@example.com',
            updatedAt: now,
          }),
        ),
      )
      const winner = expectOneWinner(results, 'email')
      expect((await h.storage.getUserByEmail('wanted@example.com'))?.id).toBe(users[winner]?.id)
    })

    it('parallel consumeToken of one token: exactly one caller gets it', async () => {
      const user = await h.user()
      const token = await h.token(user.id, { purpose: 'password_reset' })
      const now = h.clock.now()
      const results = await Promise.all(
        Array.from({ length: h.concurrency }, () =>
          h.storage.consumeToken('password_reset', token.tokenHash, now),
        ),
      )
      expect(results.filter((r) => r !== null)).toEqual([token])
      expect(await h.storage.consumeToken('password_reset', token.tokenHash, now)).toBeNull()
    })

    it('parallel hitRateLimit on one key: the counts are exactly 1..n, each once, in one window', async () => {
      const n = h.concurrency
      const now = h.clock.now()
      const states = await Promise.all(
        Array.from({ length: n }, () => h.storage.hitRateLimit('login:race', 60, now)),
      )
      const counts = states.map((s) => s.count).sort((a, b) => a - b)
      expect(counts).toEqual(Array.from({ length: n }, (_, i) => i + 1))
      expect(new Set(states.map((s) => s.resetAt.getTime()))).toEqual(new Set([now.getTime() + 60_000]))
      expect((await h.storage.hitRateLimit('login:race', 60, now)).count).toBe(n + 1)
    })

    it('parallel replacePasswordHash with one expected hash: exactly one writes', async () => {
      const user = await h.user({ passwordHash: '$scrypt$old' })
      const now = h.clock.now()
      const newHashes = Array.from({ length: h.concurrency }, (_, i) => `$argon2id$new-${i}`)
      const results = await Promise.all(
        newHashes.map((hash) => h.storage.replacePasswordHash(user.id, '$scrypt$old', hash, now)),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      expect((await h.storage.getUserById(user.id))?.passwordHash).toBe(newHashes[results.indexOf(true)])
    })

    it('parallel deleteUserSession of one session: exactly one returns true', async () => {
      const user = await h.user()
      const session = await h.session(user.id)
      const results = await Promise.all(
        Array.from({ length: h.concurrency }, () => h.storage.deleteUserSession(user.id, session.id)),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
    })

    it('parallel createSession for one user: every session lands and is listed', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const sessions = await Promise.all(
        Array.from({ length: h.concurrency }, (_, i) =>
          h.session(user.id, { createdAt: new Date(start.getTime() + i) }),
        ),
      )
      const listed = await h.storage.listUserSessions(user.id, new Date(start.getTime() + h.concurrency))
      expect(listed.map((s) => s.id)).toEqual(sessions.map((s) => s.id).reverse())
    })
  })
}

/** Asserts one fulfilled result and only UniqueConstraintError(field) rejections; returns the winner's index. */
function expectOneWinner(
  results: PromiseSettledResult<unknown>[],
  field: UniqueConstraintError['field'],
): number {
  const fulfilled = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
  expect(fulfilled, 'number of calls that resolved').toHaveLength(1)
  for (const result of results) {
    if (result.status === 'fulfilled') continue
    expect(result.reason).toBeInstanceOf(UniqueConstraintError)
    expect(result.reason).toHaveProperty('field', field)
  }
  return fulfilled[0] ?? -1
}
