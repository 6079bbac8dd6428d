import { describe, expect, it } from 'vitest'
import { addSeconds } from '../../clock/clock.js'
import { hashToken } from '../../crypto/hash.js'
import type { ApiKeyRecord } from '../../storage/types.js'
import { buildApiKey } from '../record-builders.js'
import { type Harness, shiftMs } from './harness.js'

/** A hundred years in seconds: far enough to show that a key without `expiresAt` never expires. */
const CENTURY_SECONDS = 100 * 365 * 86_400

/**
 * Declares the {@link import('../../storage/types.js').ApiKeyStore} cases. Boundary: a key is
 * expired when `now >= expiresAt`; a key with a null `expiresAt` never expires.
 *
 * @param h - the suite's harness
 */
export function describeApiKeyStore(h: Harness): void {
  describe('ApiKeyStore', () => {
    describeGetApiKeyAndUser(h)
    describeListUserApiKeys(h)
    describeDeleteUserApiKey(h)
    describeDeleteUserApiKeys(h)
    describeTouchApiKey(h)
    describeCopiesAndValues(h)
  })
}

function describeGetApiKeyAndUser(h: Harness): void {
  describe('createApiKey and getApiKeyAndUser', () => {
    it('returns the key and its user together, equal to what was stored', async () => {
      const user = await h.user({ username: 'ada', roles: ['admin'] })
      const apiKey = await h.apiKey(user.id, { name: 'CI deploys', scopes: ['read', 'deploy'] })
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, h.clock.now())).toEqual({ apiKey, user })
    })

    it('returns null for an unknown hash', async () => {
      const user = await h.user()
      await h.apiKey(user.id)
      expect(await h.storage.getApiKeyAndUser(hashToken('pcl_guess'), h.clock.now())).toBeNull()
    })

    it('finds each key by its own hash', async () => {
      const user = await h.user()
      const first = await h.apiKey(user.id, { name: 'first' })
      const second = await h.apiKey(user.id, { name: 'second' })
      const now = h.clock.now()
      expect(await h.storage.getApiKeyAndUser(first.keyHash, now)).toEqual({ apiKey: first, user })
      expect(await h.storage.getApiKeyAndUser(second.keyHash, now)).toEqual({ apiKey: second, user })
    })

    it('is found 1 ms before expiresAt and null from expiresAt on (now >= expiresAt is expired)', async () => {
      const user = await h.user()
      const expiresAt = addSeconds(h.clock.now(), 3600)
      const apiKey = await h.apiKey(user.id, { expiresAt })
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, shiftMs(expiresAt, -1))).toEqual({
        apiKey,
        user,
      })
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, expiresAt)).toBeNull()
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, addSeconds(expiresAt, 3600))).toBeNull()
    })

    it('never expires when expiresAt is null', async () => {
      const user = await h.user()
      const apiKey = await h.apiKey(user.id, { expiresAt: null })
      const later = addSeconds(h.clock.now(), CENTURY_SECONDS)
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, later)).toEqual({ apiKey, user })
    })

    it("reflects the user's current state (an update made after the key was created)", async () => {
      const user = await h.user()
      const apiKey = await h.apiKey(user.id)
      const now = h.clock.advanceSeconds(5)
      const updated = await h.storage.updateUser(user.id, {
        isActive: false,
        roles: ['banned'],
        updatedAt: now,
      })
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, now)).toEqual({ apiKey, user: updated })
    })
  })
}

function describeListUserApiKeys(h: Harness): void {
  describe('listUserApiKeys', () => {
    it("lists the user's keys newest first (by createdAt)", async () => {
      const user = await h.user()
      const start = h.clock.now()
      const middle = await h.apiKey(user.id, { createdAt: addSeconds(start, 10) })
      const oldest = await h.apiKey(user.id, { createdAt: start })
      const newest = await h.apiKey(user.id, { createdAt: addSeconds(start, 20) })
      h.clock.advanceSeconds(30)
      expect(await h.storage.listUserApiKeys(user.id, h.clock.now())).toEqual([newest, middle, oldest])
    })

    it('leaves out keys expired at now, the boundary included, and keeps keys without expiry', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const deadline = addSeconds(start, 100)
      const expiring = await h.apiKey(user.id, { createdAt: start, expiresAt: deadline })
      const forever = await h.apiKey(user.id, { createdAt: addSeconds(start, 1), expiresAt: null })
      const later = await h.apiKey(user.id, {
        createdAt: addSeconds(start, 2),
        expiresAt: addSeconds(start, 200),
      })
      expect(await h.storage.listUserApiKeys(user.id, shiftMs(deadline, -1))).toEqual([
        later,
        forever,
        expiring,
      ])
      expect(await h.storage.listUserApiKeys(user.id, deadline)).toEqual([later, forever])
    })

    it("leaves out other users' keys and returns [] for a user without any", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const mine = await h.apiKey(ada.id)
      await h.apiKey(grace.id)
      const loner = await h.user()
      expect(await h.storage.listUserApiKeys(ada.id, h.clock.now())).toEqual([mine])
      expect(await h.storage.listUserApiKeys(loner.id, h.clock.now())).toEqual([])
    })
  })
}

function describeDeleteUserApiKey(h: Harness): void {
  describe('deleteUserApiKey', () => {
    it('deletes a key of its owner and returns true, then false', async () => {
      const user = await h.user()
      const apiKey = await h.apiKey(user.id)
      const kept = await h.apiKey(user.id)
      const now = h.clock.now()
      expect(await h.storage.deleteUserApiKey(user.id, apiKey.id)).toBe(true)
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, now)).toBeNull()
      expect(await h.storage.listUserApiKeys(user.id, now)).toEqual([kept])
      expect(await h.storage.deleteUserApiKey(user.id, apiKey.id)).toBe(false)
    })

    it("returns false and keeps the key when it is another user's", async () => {
      const owner = await h.user()
      const intruder = await h.user()
      const apiKey = await h.apiKey(owner.id)
      expect(await h.storage.deleteUserApiKey(intruder.id, apiKey.id)).toBe(false)
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, h.clock.now())).toEqual({ apiKey, user: owner })
    })

    it('returns false for an unknown key id', async () => {
      const user = await h.user()
      await h.apiKey(user.id)
      expect(await h.storage.deleteUserApiKey(user.id, buildApiKey({ userId: user.id }).id)).toBe(false)
    })
  })

  describe('deleteUser', () => {
    it("cascades to the user's API keys and leaves other users' alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const adaKey = await h.apiKey(ada.id)
      const graceKey = await h.apiKey(grace.id)
      const now = h.clock.now()
      expect(await h.storage.deleteUser(ada.id)).toBe(true)
      expect(await h.storage.getApiKeyAndUser(adaKey.keyHash, now)).toBeNull()
      expect(await h.storage.listUserApiKeys(ada.id, now)).toEqual([])
      expect(await h.storage.deleteUserApiKey(ada.id, adaKey.id)).toBe(false)
      expect(await h.storage.getApiKeyAndUser(graceKey.keyHash, now)).toEqual({
        apiKey: graceKey,
        user: grace,
      })
    })
  })
}

function describeDeleteUserApiKeys(h: Harness): void {
  describe('deleteUserApiKeys', () => {
    it("deletes every key of the user, returns how many, and leaves other users' keys alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const first = await h.apiKey(ada.id, { expiresAt: null })
      const second = await h.apiKey(ada.id, { expiresAt: addSeconds(h.clock.now(), 3600) })
      const graceKey = await h.apiKey(grace.id)
      const now = h.clock.now()
      expect(await h.storage.deleteUserApiKeys(ada.id)).toBe(2)
      expect(await h.storage.listUserApiKeys(ada.id, now)).toEqual([])
      expect(await h.storage.getApiKeyAndUser(first.keyHash, now)).toBeNull()
      expect(await h.storage.getApiKeyAndUser(second.keyHash, now)).toBeNull()
      expect(await h.storage.getApiKeyAndUser(graceKey.keyHash, now)).toEqual({
        apiKey: graceKey,
        user: grace,
      })
      expect(await h.storage.listUserApiKeys(grace.id, now)).toEqual([graceKey])
      expect(await h.storage.deleteUserApiKeys(ada.id)).toBe(0)
    })

    it('returns 0 for a user without keys', async () => {
      const user = await h.user()
      expect(await h.storage.deleteUserApiKeys(user.id)).toBe(0)
    })
  })
}

function describeTouchApiKey(h: Harness): void {
  describe('touchApiKey', () => {
    it('sets lastUsedAt and leaves every other field alone', async () => {
      const user = await h.user()
      const apiKey = await h.apiKey(user.id, { expiresAt: addSeconds(h.clock.now(), 86_400) })
      const other = await h.apiKey(user.id)
      const usedAt = h.clock.advanceMilliseconds(3_600_123)
      await h.storage.touchApiKey(apiKey.id, usedAt)
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, usedAt)).toEqual({
        apiKey: { ...apiKey, lastUsedAt: usedAt },
        user,
      })
      expect(await h.storage.getApiKeyAndUser(other.keyHash, usedAt)).toEqual({ apiKey: other, user })
      const again = h.clock.advanceSeconds(600)
      await h.storage.touchApiKey(apiKey.id, again)
      expect((await h.storage.listUserApiKeys(user.id, again)).find((k) => k.id === apiKey.id)).toEqual({
        ...apiKey,
        lastUsedAt: again,
      })
    })

    it('resolves without creating anything for an unknown key id', async () => {
      const user = await h.user()
      const now = h.clock.now()
      await expect(h.storage.touchApiKey(buildApiKey({ userId: user.id }).id, now)).resolves.toBeUndefined()
      expect(await h.storage.listUserApiKeys(user.id, now)).toEqual([])
    })
  })
}

function describeCopiesAndValues(h: Harness): void {
  describe('API-key records are copies and come back as given', () => {
    it('mutating a key given to createApiKey, or returned by a read, does not change the store', async () => {
      const user = await h.user()
      const apiKey = buildApiKey({ userId: user.id, scopes: ['read'], createdAt: h.clock.now() })
      const expected = structuredClone(apiKey)
      await h.storage.createApiKey(apiKey)
      scribbleOnApiKey(apiKey)
      const now = h.clock.now()
      const found = await h.storage.getApiKeyAndUser(expected.keyHash, now)
      expect(found).toEqual({ apiKey: expected, user })
      if (found) {
        scribbleOnApiKey(found.apiKey)
        found.user.roles.push('root')
      }
      for (const listed of await h.storage.listUserApiKeys(user.id, now)) scribbleOnApiKey(listed)
      expect(await h.storage.getApiKeyAndUser(expected.keyHash, now)).toEqual({ apiKey: expected, user })
    })

    it('mutating the date given to touchApiKey does not change the store', async () => {
      const user = await h.user()
      const apiKey = await h.apiKey(user.id)
      const usedAt = h.clock.advanceSeconds(60)
      const given = new Date(usedAt)
      await h.storage.touchApiKey(apiKey.id, given)
      given.setTime(0)
      const found = await h.storage.getApiKeyAndUser(apiKey.keyHash, usedAt)
      expect(found?.apiKey.lastUsedAt).toEqual(usedAt)
    })

    it('a key with every field set: Dates with milliseconds, scopes in order, non-ASCII name', async () => {
      const user = await h.user()
      const createdAt = h.clock.advanceMilliseconds(321)
      const apiKey = await h.apiKey(user.id, {
        name: 'Zoë’s 🚀 key "prod"',
        scopes: ['write:all', 'read', 'billing'],
        createdAt,
        expiresAt: shiftMs(createdAt, 86_400_007),
        lastUsedAt: shiftMs(createdAt, 5),
      })
      const found = await h.storage.getApiKeyAndUser(apiKey.keyHash, createdAt)
      expect(found?.apiKey).toEqual(apiKey)
      expectSameDates(found?.apiKey, apiKey)
      const listed = await h.storage.listUserApiKeys(user.id, createdAt)
      expect(listed).toEqual([apiKey])
      expectSameDates(listed[0], apiKey)
    })

    it('a key with no scopes, no expiry and never used', async () => {
      const user = await h.user()
      const apiKey = await h.apiKey(user.id, { scopes: [], expiresAt: null, lastUsedAt: null })
      const now = h.clock.now()
      expect(await h.storage.getApiKeyAndUser(apiKey.keyHash, now)).toEqual({ apiKey, user })
      expect(await h.storage.listUserApiKeys(user.id, now)).toEqual([apiKey])
    })
  })
}

function scribbleOnApiKey(apiKey: ApiKeyRecord): void {
  apiKey.userId = 'mallory'
  apiKey.name = 'scribbled'
  apiKey.scopes.push('admin')
  apiKey.createdAt.setTime(0)
  apiKey.expiresAt?.setTime(0)
  apiKey.lastUsedAt?.setTime(0)
}

/** Asserts that every date of `actual` is a real `Date` (or null) at the same millisecond as in `expected`. */
function expectSameDates(actual: ApiKeyRecord | null | undefined, expected: ApiKeyRecord): void {
  expect(actual).toBeTruthy()
  if (!actual) return
  for (const key of ['createdAt', 'expiresAt', 'lastUsedAt'] as const) {
    const value = actual[key]
    const wanted = expected[key]
    if (wanted === null) expect(value, `${key} is null`).toBeNull()
    else {
      expect(value, `${key} is a Date`).toBeInstanceOf(Date)
      expect(value?.getTime(), `${key} milliseconds`).toBe(wanted.getTime())
    }
  }
}
