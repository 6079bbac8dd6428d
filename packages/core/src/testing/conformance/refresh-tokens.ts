import { describe, expect, it } from 'vitest'
import { addSeconds } from '../../clock/clock.js'
import { hashToken } from '../../crypto/hash.js'
import type { RefreshTokenRecord } from '../../storage/types.js'
import { buildRefreshToken } from '../record-builders.js'
import { type Harness, shiftMs } from './harness.js'

/**
 * Declares the {@link import('../../storage/types.js').RefreshTokenStore} cases. Boundary: a
 * token is expired when `now >= expiresAt` or `now >= familyExpiresAt`; a spent token is
 * recognised as reuse until its family ends.
 *
 * @param h - the suite's harness
 */
export function describeRefreshTokenStore(h: Harness): void {
  describe('RefreshTokenStore', () => {
    describeGetRefreshToken(h)
    describeRotate(h)
    describeReuse(h)
    describeInvalid(h)
    describeDeletes(h)
    describeCopiesAndValues(h)
    describeRace(h)
  })
}

/** A successor for `userId`, created now and not stored, in a family of its own (which rotation ignores). */
function successor(
  h: Harness,
  userId: string,
  overrides: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord {
  return buildRefreshToken({ createdAt: h.clock.now(), ...overrides, userId })
}

/** `next` as the store keeps it after rotating a token of `familyId`: in that family. */
function joined(next: RefreshTokenRecord, familyId: string): RefreshTokenRecord {
  return { ...next, familyId }
}

function describeGetRefreshToken(h: Harness): void {
  describe('createRefreshToken and getRefreshToken', () => {
    it('returns the live token, equal to what was stored, and null for an unknown hash', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id, { scopes: ['read'] })
      const now = h.clock.now()
      expect(await h.storage.getRefreshToken(token.tokenHash, now)).toEqual(token)
      expect(await h.storage.getRefreshToken(hashToken('guess'), now)).toBeNull()
    })

    it('does not spend the token: it reads the same twice and still rotates', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id)
      const now = h.clock.now()
      expect(await h.storage.getRefreshToken(token.tokenHash, now)).toEqual(token)
      expect(await h.storage.getRefreshToken(token.tokenHash, now)).toEqual(token)
      const result = await h.storage.rotateRefreshToken(token.tokenHash, successor(h, user.id), now)
      expect(result.status).toBe('rotated')
    })

    it('is live 1 ms before expiresAt and null from expiresAt on (now >= expiresAt is expired)', async () => {
      const user = await h.user()
      const expiresAt = addSeconds(h.clock.now(), 600)
      const token = await h.refreshToken(user.id, { expiresAt })
      expect(await h.storage.getRefreshToken(token.tokenHash, shiftMs(expiresAt, -1))).toEqual(token)
      expect(await h.storage.getRefreshToken(token.tokenHash, expiresAt)).toBeNull()
      expect(await h.storage.getRefreshToken(token.tokenHash, addSeconds(expiresAt, 3600))).toBeNull()
    })

    it("is null from familyExpiresAt on, even when the token's own expiresAt is later", async () => {
      const user = await h.user()
      const start = h.clock.now()
      const familyExpiresAt = addSeconds(start, 600)
      const token = await h.refreshToken(user.id, { familyExpiresAt, expiresAt: addSeconds(start, 86_400) })
      expect(await h.storage.getRefreshToken(token.tokenHash, shiftMs(familyExpiresAt, -1))).toEqual(token)
      expect(await h.storage.getRefreshToken(token.tokenHash, familyExpiresAt)).toBeNull()
    })
  })
}

function describeRotate(h: Harness): void {
  describe('rotateRefreshToken of a live token', () => {
    it('returns rotated with previous equal to what was stored, spends it, and stores next in its family', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id, { scopes: ['read', 'write'] })
      const now = h.clock.advanceSeconds(60)
      const next = successor(h, user.id, { scopes: ['read', 'write'] })
      expect(next.familyId).not.toBe(token.familyId)

      expect(await h.storage.rotateRefreshToken(token.tokenHash, structuredClone(next), now)).toEqual({
        status: 'rotated',
        previous: token,
      })

      expect(await h.storage.getRefreshToken(token.tokenHash, now)).toBeNull()
      expect(await h.storage.getRefreshToken(next.tokenHash, now)).toEqual(joined(next, token.familyId))
      expect(await h.storage.deleteRefreshTokenFamily(next.familyId)).toBe(0)
      expect(await h.storage.deleteRefreshTokenFamily(token.familyId)).toBe(2)
    })

    it('rotates along a chain: each successor rotates in turn and the family keeps every token', async () => {
      const user = await h.user()
      const first = await h.refreshToken(user.id)
      const second = successor(h, user.id)
      const third = successor(h, user.id)
      const t1 = h.clock.advanceSeconds(60)
      expect((await h.storage.rotateRefreshToken(first.tokenHash, second, t1)).status).toBe('rotated')
      const t2 = h.clock.advanceSeconds(60)
      expect(await h.storage.rotateRefreshToken(second.tokenHash, third, t2)).toEqual({
        status: 'rotated',
        previous: joined(second, first.familyId),
      })
      expect(await h.storage.getRefreshToken(second.tokenHash, t2)).toBeNull()
      expect(await h.storage.getRefreshToken(third.tokenHash, t2)).toEqual(joined(third, first.familyId))
      expect(await h.storage.deleteRefreshTokenFamily(first.familyId)).toBe(3)
    })

    it('rotates 1 ms before expiresAt', async () => {
      const user = await h.user()
      const expiresAt = addSeconds(h.clock.now(), 600)
      const token = await h.refreshToken(user.id, { expiresAt })
      const result = await h.storage.rotateRefreshToken(
        token.tokenHash,
        successor(h, user.id),
        shiftMs(expiresAt, -1),
      )
      expect(result).toEqual({ status: 'rotated', previous: token })
    })
  })
}

function describeReuse(h: Harness): void {
  describe('rotateRefreshToken of a spent token (reuse)', () => {
    it('returns reused with the spent record and deletes the whole family, live token included', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id)
      const next = successor(h, user.id)
      const spentAt = h.clock.advanceSeconds(60)
      await h.storage.rotateRefreshToken(token.tokenHash, next, spentAt)
      const now = h.clock.advanceSeconds(60)
      const replayNext = successor(h, user.id)

      expect(await h.storage.rotateRefreshToken(token.tokenHash, replayNext, now)).toEqual({
        status: 'reused',
        previous: { ...token, spentAt },
      })

      expect(await h.storage.getRefreshToken(next.tokenHash, now)).toBeNull()
      expect(await h.storage.getRefreshToken(replayNext.tokenHash, now)).toBeNull()
      expect(await h.storage.rotateRefreshToken(next.tokenHash, successor(h, user.id), now)).toEqual({
        status: 'invalid',
      })
      expect(await h.storage.deleteRefreshTokenFamily(token.familyId)).toBe(0)
      expect(await h.storage.deleteUserRefreshTokens(user.id)).toBe(0)
    })

    it('an old token replayed after several rotations revokes the latest one', async () => {
      const user = await h.user()
      const first = await h.refreshToken(user.id)
      const second = successor(h, user.id)
      const third = successor(h, user.id)
      await h.storage.rotateRefreshToken(first.tokenHash, second, h.clock.advanceSeconds(60))
      await h.storage.rotateRefreshToken(second.tokenHash, third, h.clock.advanceSeconds(60))
      const now = h.clock.advanceSeconds(60)
      expect((await h.storage.rotateRefreshToken(first.tokenHash, successor(h, user.id), now)).status).toBe(
        'reused',
      )
      expect(await h.storage.getRefreshToken(third.tokenHash, now)).toBeNull()
      expect(await h.storage.deleteRefreshTokenFamily(first.familyId)).toBe(0)
    })

    it("leaves the user's other families and other users' tokens alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const stolen = await h.refreshToken(ada.id)
      const otherDevice = await h.refreshToken(ada.id)
      const graceToken = await h.refreshToken(grace.id)
      await h.storage.rotateRefreshToken(stolen.tokenHash, successor(h, ada.id), h.clock.advanceSeconds(60))
      const now = h.clock.advanceSeconds(60)
      expect((await h.storage.rotateRefreshToken(stolen.tokenHash, successor(h, ada.id), now)).status).toBe(
        'reused',
      )
      expect(await h.storage.getRefreshToken(otherDevice.tokenHash, now)).toEqual(otherDevice)
      expect(await h.storage.getRefreshToken(graceToken.tokenHash, now)).toEqual(graceToken)
    })

    it("is recognised after the spent token's own expiresAt, until the family ends", async () => {
      const user = await h.user()
      const start = h.clock.now()
      const token = await h.refreshToken(user.id, { expiresAt: addSeconds(start, 600) })
      const next = successor(h, user.id, { expiresAt: addSeconds(start, 7200) })
      const spentAt = h.clock.advanceSeconds(60)
      await h.storage.rotateRefreshToken(token.tokenHash, next, spentAt)
      h.clock.set(addSeconds(start, 3600))
      const now = h.clock.now()
      expect(await h.storage.rotateRefreshToken(token.tokenHash, successor(h, user.id), now)).toEqual({
        status: 'reused',
        previous: { ...token, spentAt },
      })
      expect(await h.storage.getRefreshToken(next.tokenHash, now)).toBeNull()
    })
  })
}

function describeInvalid(h: Harness): void {
  describe('rotateRefreshToken of an unknown or expired token', () => {
    it('returns invalid for an unknown hash and stores nothing', async () => {
      const user = await h.user()
      const kept = await h.refreshToken(user.id)
      const next = successor(h, user.id)
      const now = h.clock.now()
      expect(await h.storage.rotateRefreshToken(hashToken('guess'), next, now)).toEqual({ status: 'invalid' })
      expect(await h.storage.getRefreshToken(next.tokenHash, now)).toBeNull()
      expect(await h.storage.getRefreshToken(kept.tokenHash, now)).toEqual(kept)
    })

    it('returns invalid from expiresAt on and writes nothing (the token is not spent, next is not stored)', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const expiresAt = addSeconds(start, 600)
      const token = await h.refreshToken(user.id, { expiresAt })
      const next = successor(h, user.id)
      expect(await h.storage.rotateRefreshToken(token.tokenHash, next, expiresAt)).toEqual({
        status: 'invalid',
      })
      expect(await h.storage.getRefreshToken(next.tokenHash, start)).toBeNull()
      expect(await h.storage.getRefreshToken(token.tokenHash, start)).toEqual(token)
    })

    it("returns invalid from familyExpiresAt on, even when the token's own expiresAt is later", async () => {
      const user = await h.user()
      const start = h.clock.now()
      const familyExpiresAt = addSeconds(start, 600)
      const token = await h.refreshToken(user.id, { familyExpiresAt, expiresAt: addSeconds(start, 86_400) })
      const next = successor(h, user.id)
      expect(await h.storage.rotateRefreshToken(token.tokenHash, next, familyExpiresAt)).toEqual({
        status: 'invalid',
      })
      expect(await h.storage.getRefreshToken(next.tokenHash, start)).toBeNull()
      expect(await h.storage.getRefreshToken(token.tokenHash, start)).toEqual(token)
    })

    it('returns invalid for a spent token once its family has ended, and deletes nothing', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const familyExpiresAt = addSeconds(start, 3600)
      const token = await h.refreshToken(user.id, { familyExpiresAt })
      const next = successor(h, user.id, { familyExpiresAt })
      const spentAt = h.clock.advanceSeconds(60)
      await h.storage.rotateRefreshToken(token.tokenHash, next, spentAt)
      expect(
        await h.storage.rotateRefreshToken(token.tokenHash, successor(h, user.id), familyExpiresAt),
      ).toEqual({ status: 'invalid' })
      expect(await h.storage.getRefreshToken(next.tokenHash, spentAt)).toEqual(joined(next, token.familyId))
    })
  })
}

function describeDeletes(h: Harness): void {
  describe('deleteRefreshTokenFamily', () => {
    it('deletes every token of the family, spent and live, returns how many, and leaves other families', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id)
      const next = successor(h, user.id)
      const other = await h.refreshToken(user.id)
      const now = h.clock.advanceSeconds(60)
      await h.storage.rotateRefreshToken(token.tokenHash, next, now)
      expect(await h.storage.deleteRefreshTokenFamily(token.familyId)).toBe(2)
      expect(await h.storage.getRefreshToken(next.tokenHash, now)).toBeNull()
      expect(await h.storage.rotateRefreshToken(token.tokenHash, successor(h, user.id), now)).toEqual({
        status: 'invalid',
      })
      expect(await h.storage.getRefreshToken(other.tokenHash, now)).toEqual(other)
      expect(await h.storage.deleteRefreshTokenFamily(token.familyId)).toBe(0)
    })

    it('returns 0 for an unknown family', async () => {
      const user = await h.user()
      await h.refreshToken(user.id)
      expect(await h.storage.deleteRefreshTokenFamily(buildRefreshToken({ userId: user.id }).familyId)).toBe(
        0,
      )
    })
  })

  describe('deleteUserRefreshTokens', () => {
    it("deletes every token of every family of the user, returns how many, and leaves other users' alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const laptop = await h.refreshToken(ada.id)
      const phone = await h.refreshToken(ada.id)
      const next = successor(h, ada.id)
      const graceToken = await h.refreshToken(grace.id)
      const now = h.clock.advanceSeconds(60)
      await h.storage.rotateRefreshToken(laptop.tokenHash, next, now)
      expect(await h.storage.deleteUserRefreshTokens(ada.id)).toBe(3)
      for (const hash of [laptop.tokenHash, phone.tokenHash, next.tokenHash])
        expect(await h.storage.getRefreshToken(hash, now)).toBeNull()
      expect(await h.storage.getRefreshToken(graceToken.tokenHash, now)).toEqual(graceToken)
      expect(await h.storage.deleteUserRefreshTokens(ada.id)).toBe(0)
    })

    it('returns 0 for a user without refresh tokens', async () => {
      const user = await h.user()
      expect(await h.storage.deleteUserRefreshTokens(user.id)).toBe(0)
    })
  })

  describe('deleteUser', () => {
    it("cascades to the user's refresh tokens, spent and live, and leaves other users' alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const token = await h.refreshToken(ada.id)
      const next = successor(h, ada.id)
      const graceToken = await h.refreshToken(grace.id)
      const now = h.clock.advanceSeconds(60)
      await h.storage.rotateRefreshToken(token.tokenHash, next, now)
      expect(await h.storage.deleteUser(ada.id)).toBe(true)
      expect(await h.storage.getRefreshToken(next.tokenHash, now)).toBeNull()
      expect(await h.storage.rotateRefreshToken(token.tokenHash, successor(h, ada.id), now)).toEqual({
        status: 'invalid',
      })
      expect(await h.storage.deleteUserRefreshTokens(ada.id)).toBe(0)
      expect(await h.storage.getRefreshToken(graceToken.tokenHash, now)).toEqual(graceToken)
    })
  })
}

function describeCopiesAndValues(h: Harness): void {
  describe('refresh-token records are copies and come back as given', () => {
    it('mutating a token given to createRefreshToken or returned by getRefreshToken does not change the store', async () => {
      const user = await h.user()
      const token = buildRefreshToken({ userId: user.id, scopes: ['read'], createdAt: h.clock.now() })
      const expected = structuredClone(token)
      await h.storage.createRefreshToken(token)
      scribbleOnRefreshToken(token)
      const now = h.clock.now()
      const found = await h.storage.getRefreshToken(expected.tokenHash, now)
      expect(found).toEqual(expected)
      if (found) scribbleOnRefreshToken(found)
      expect(await h.storage.getRefreshToken(expected.tokenHash, now)).toEqual(expected)
    })

    it('mutating next after rotateRefreshToken, or the previous it returned, does not change the store', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id, { scopes: ['read'] })
      const next = successor(h, user.id, { scopes: ['read'] })
      const expectedNext = joined(structuredClone(next), token.familyId)
      const now = h.clock.advanceSeconds(60)
      const result = await h.storage.rotateRefreshToken(token.tokenHash, next, now)
      scribbleOnRefreshToken(next)
      if (result.status !== 'invalid') scribbleOnRefreshToken(result.previous)
      expect(await h.storage.getRefreshToken(expectedNext.tokenHash, now)).toEqual(expectedNext)
      expect(await h.storage.rotateRefreshToken(token.tokenHash, successor(h, user.id), now)).toEqual({
        status: 'reused',
        previous: { ...token, spentAt: now },
      })
    })

    it('a token with every field set: Dates with milliseconds, scopes in order, a session id', async () => {
      const user = await h.user()
      const session = await h.session(user.id)
      const createdAt = h.clock.advanceMilliseconds(123)
      const token = await h.refreshToken(user.id, {
        sessionId: session.id,
        scopes: ['write:all', 'read', 'zoë:ü'],
        createdAt,
        expiresAt: shiftMs(createdAt, 600_001),
        familyExpiresAt: shiftMs(createdAt, 3_600_007),
      })
      const found = await h.storage.getRefreshToken(token.tokenHash, createdAt)
      expect(found).toEqual(token)
      expectSameDates(found, token, ['createdAt', 'expiresAt', 'familyExpiresAt'])
      const spentAt = h.clock.advanceMilliseconds(5)
      await h.storage.rotateRefreshToken(token.tokenHash, successor(h, user.id), spentAt)
      const replay = await h.storage.rotateRefreshToken(token.tokenHash, successor(h, user.id), spentAt)
      expect(replay).toEqual({ status: 'reused', previous: { ...token, spentAt } })
      if (replay.status === 'reused') expectSameDates(replay.previous, { ...token, spentAt }, ['spentAt'])
    })

    it('a token with no session and no scopes', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id, { sessionId: null, scopes: [] })
      expect(await h.storage.getRefreshToken(token.tokenHash, h.clock.now())).toEqual(token)
    })
  })
}

function describeRace(h: Harness): void {
  describe('refresh tokens under concurrency', () => {
    it('parallel rotateRefreshToken of one token: exactly one rotates, and afterwards no token of the family is live', async () => {
      const user = await h.user()
      const token = await h.refreshToken(user.id)
      const now = h.clock.advanceSeconds(60)
      const nexts = Array.from({ length: h.concurrency }, () => successor(h, user.id))
      const results = await Promise.all(
        nexts.map((next) => h.storage.rotateRefreshToken(token.tokenHash, next, now)),
      )

      const statuses = results.map((r) => r.status)
      expect(
        statuses.filter((s) => s === 'rotated'),
        'calls that rotated',
      ).toHaveLength(1)
      for (const status of statuses) expect(['rotated', 'reused', 'invalid']).toContain(status)
      for (const result of results)
        if (result.status !== 'invalid') expect(result.previous.tokenHash).toBe(token.tokenHash)
      expect(await h.storage.getRefreshToken(token.tokenHash, now)).toBeNull()
      for (const next of nexts) expect(await h.storage.getRefreshToken(next.tokenHash, now)).toBeNull()
      expect(await h.storage.deleteRefreshTokenFamily(token.familyId)).toBe(0)
    })

    it('parallel rotations of different families each rotate once', async () => {
      const user = await h.user()
      const tokens = await Promise.all(Array.from({ length: h.concurrency }, () => h.refreshToken(user.id)))
      const now = h.clock.advanceSeconds(60)
      const nexts = tokens.map(() => successor(h, user.id))
      const results = await Promise.all(
        tokens.map((token, i) => h.storage.rotateRefreshToken(token.tokenHash, nexts[i]!, now)),
      )
      expect(results.map((r) => r.status)).toEqual(tokens.map(() => 'rotated'))
      expect(await h.storage.deleteUserRefreshTokens(user.id)).toBe(2 * tokens.length)
    })
  })
}

function scribbleOnRefreshToken(token: RefreshTokenRecord): void {
  token.userId = 'mallory'
  token.familyId = 'scribbled'
  token.scopes.push('admin')
  token.expiresAt.setTime(8.64e15)
  token.familyExpiresAt.setTime(8.64e15)
  token.createdAt.setTime(0)
  token.spentAt?.setTime(0)
}

/** Asserts that each named field of `actual` is a real `Date` at the same millisecond as in `expected`. */
function expectSameDates(
  actual: RefreshTokenRecord | null | undefined,
  expected: RefreshTokenRecord,
  keys: ('createdAt' | 'expiresAt' | 'familyExpiresAt' | 'spentAt')[],
): void {
  expect(actual).toBeTruthy()
  if (!actual) return
  for (const key of keys) {
    const value = actual[key]
    expect(value, `${key} is a Date`).toBeInstanceOf(Date)
    expect(value?.getTime(), `${key} milliseconds`).toBe(expected[key]?.getTime())
  }
}
