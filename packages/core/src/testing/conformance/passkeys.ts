import { describe, expect, it } from 'vitest'
import { buildPasskey } from '../record-builders.js'
import { expectUniqueConstraint, type Harness } from './harness.js'

/**
 * Declares the {@link import('../../storage/types.js').PasskeyStore} cases: credential ids unique
 * across users, lookup with the user in one call, and the counter's compare-and-set.
 *
 * @param h - the suite's harness
 */
export function describePasskeyStore(h: Harness): void {
  describe('PasskeyStore', () => {
    describeCreateAndGet(h)
    describeListAndDelete(h)
    describeRecordUse(h)
  })
}

function describeCreateAndGet(h: Harness): void {
  describe('createPasskey and getPasskeyAndUser', () => {
    it('returns the passkey and its user together, equal to what was stored', async () => {
      const user = await h.user({ username: 'ada' })
      const passkey = buildPasskey({
        userId: user.id,
        name: 'Laptop — Touch ID',
        transports: ['internal', 'hybrid'],
        algorithm: -8,
        signCount: 42,
        backedUp: true,
        createdAt: h.clock.now(),
        lastUsedAt: h.clock.now(),
      })
      await h.storage.createPasskey(structuredClone(passkey))
      expect(await h.storage.getPasskeyAndUser(passkey.credentialId)).toEqual({ passkey, user })
    })

    it('returns null for an unknown credential id', async () => {
      const user = await h.user()
      await h.storage.createPasskey(buildPasskey({ userId: user.id }))
      expect(await h.storage.getPasskeyAndUser('unknown-credential')).toBeNull()
    })

    it('keeps a long credential id (1023 bytes, base64url) and an empty transport list', async () => {
      const user = await h.user()
      const passkey = buildPasskey({ userId: user.id, credentialId: 'A'.repeat(1364), transports: [] })
      await h.storage.createPasskey(structuredClone(passkey))
      expect((await h.storage.getPasskeyAndUser(passkey.credentialId))?.passkey).toEqual(passkey)
    })

    it('credential ids are case-sensitive (base64url): a different case is another id', async () => {
      const user = await h.user()
      const lower = buildPasskey({ userId: user.id, credentialId: 'abcDEF' })
      const upper = buildPasskey({ userId: user.id, credentialId: 'ABCdef' })
      await h.storage.createPasskey(structuredClone(lower))
      await h.storage.createPasskey(structuredClone(upper))
      expect((await h.storage.getPasskeyAndUser('abcDEF'))?.passkey).toEqual(lower)
      expect((await h.storage.getPasskeyAndUser('ABCdef'))?.passkey).toEqual(upper)
    })

    it("a credential id registered to another user rejects with UniqueConstraintError('credentialId') (WA-2)", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const first = buildPasskey({ userId: ada.id })
      await h.storage.createPasskey(structuredClone(first))
      const clash = buildPasskey({ userId: grace.id, credentialId: first.credentialId })
      await expectUniqueConstraint(h.storage.createPasskey(clash), 'credentialId')
      expect(await h.storage.getPasskeyAndUser(first.credentialId)).toEqual({ passkey: first, user: ada })
      expect(await h.storage.listUserPasskeys(grace.id)).toEqual([])
    })

    it('the same credential id twice for one user rejects too', async () => {
      const ada = await h.user()
      const first = buildPasskey({ userId: ada.id })
      await h.storage.createPasskey(structuredClone(first))
      const again = buildPasskey({ userId: ada.id, credentialId: first.credentialId })
      await expectUniqueConstraint(h.storage.createPasskey(again), 'credentialId')
      expect(await h.storage.listUserPasskeys(ada.id)).toEqual([first])
    })

    it("reflects the user's current state", async () => {
      const user = await h.user()
      const passkey = buildPasskey({ userId: user.id })
      await h.storage.createPasskey(structuredClone(passkey))
      const updated = await h.storage.updateUser(user.id, {
        isActive: false,
        updatedAt: h.clock.advanceSeconds(1),
      })
      expect(await h.storage.getPasskeyAndUser(passkey.credentialId)).toEqual({ passkey, user: updated })
    })

    it('mutating a passkey given to createPasskey, or one returned by a read, does not change the store', async () => {
      const user = await h.user()
      const passkey = buildPasskey({ userId: user.id, createdAt: h.clock.now() })
      const given = structuredClone(passkey)
      await h.storage.createPasskey(given)
      given.transports.push('usb')
      given.createdAt.setTime(0)
      const read = await h.storage.getPasskeyAndUser(passkey.credentialId)
      read!.passkey.transports.push('nfc')
      read!.passkey.signCount = 99
      const listed = await h.storage.listUserPasskeys(user.id)
      listed[0]!.name = 'changed'
      expect((await h.storage.getPasskeyAndUser(passkey.credentialId))?.passkey).toEqual(passkey)
    })

    it('parallel createPasskey with one credential id: exactly one resolves, the rest clash', async () => {
      const users = await Promise.all(Array.from({ length: 5 }, () => h.user()))
      const credentialId = buildPasskey({ userId: users[0]!.id }).credentialId
      const outcomes = await Promise.allSettled(
        Array.from({ length: h.concurrency }, (_, i) =>
          h.storage.createPasskey(buildPasskey({ userId: users[i % users.length]!.id, credentialId })),
        ),
      )
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      for (const o of outcomes) {
        if (o.status === 'rejected') expect(o.reason).toHaveProperty('field', 'credentialId')
      }
      const owner = (await h.storage.getPasskeyAndUser(credentialId))?.user.id
      const listed = await Promise.all(users.map((u) => h.storage.listUserPasskeys(u.id)))
      expect(listed.flat()).toHaveLength(1)
      expect(listed.flat()[0]?.userId).toBe(owner)
    })
  })
}

function describeListAndDelete(h: Harness): void {
  describe('listUserPasskeys and deleteUserPasskey', () => {
    it("lists the user's passkeys newest first, and no one else's", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const older = buildPasskey({ userId: ada.id, name: 'older', createdAt: h.clock.now() })
      const newer = buildPasskey({ userId: ada.id, name: 'newer', createdAt: h.clock.advanceSeconds(60) })
      await h.storage.createPasskey(structuredClone(older))
      await h.storage.createPasskey(structuredClone(newer))
      await h.storage.createPasskey(buildPasskey({ userId: grace.id }))
      expect(await h.storage.listUserPasskeys(ada.id)).toEqual([newer, older])
      expect(await h.storage.listUserPasskeys((await h.user()).id)).toEqual([])
    })

    it('deletes only a passkey of the given user: true once, then false', async () => {
      const ada = await h.user()
      const grace = await h.user()
      const passkey = buildPasskey({ userId: ada.id })
      await h.storage.createPasskey(structuredClone(passkey))
      expect(await h.storage.deleteUserPasskey(grace.id, passkey.id)).toBe(false)
      expect(await h.storage.getPasskeyAndUser(passkey.credentialId)).not.toBeNull()
      expect(await h.storage.deleteUserPasskey(ada.id, passkey.id)).toBe(true)
      expect(await h.storage.deleteUserPasskey(ada.id, passkey.id)).toBe(false)
      expect(await h.storage.getPasskeyAndUser(passkey.credentialId)).toBeNull()
      expect(await h.storage.listUserPasskeys(ada.id)).toEqual([])
    })

    it('a deleted credential id can be registered again', async () => {
      const ada = await h.user()
      const passkey = buildPasskey({ userId: ada.id })
      await h.storage.createPasskey(structuredClone(passkey))
      await h.storage.deleteUserPasskey(ada.id, passkey.id)
      const again = buildPasskey({ userId: ada.id, credentialId: passkey.credentialId })
      await h.storage.createPasskey(structuredClone(again))
      expect((await h.storage.getPasskeyAndUser(passkey.credentialId))?.passkey).toEqual(again)
    })
  })
}

function describeRecordUse(h: Harness): void {
  describe('recordPasskeyUse', () => {
    it('sets signCount and lastUsedAt when the expected count matches', async () => {
      const user = await h.user()
      const passkey = buildPasskey({ userId: user.id, signCount: 5, createdAt: h.clock.now() })
      await h.storage.createPasskey(structuredClone(passkey))
      const usedAt = h.clock.advanceSeconds(30)
      expect(await h.storage.recordPasskeyUse(passkey.id, 5, 6, usedAt)).toBe(true)
      expect((await h.storage.getPasskeyAndUser(passkey.credentialId))?.passkey).toEqual({
        ...passkey,
        signCount: 6,
        lastUsedAt: usedAt,
      })
    })

    it('writes nothing when the stored count moved on (compare-and-set)', async () => {
      const user = await h.user()
      const passkey = buildPasskey({ userId: user.id, signCount: 5 })
      await h.storage.createPasskey(structuredClone(passkey))
      expect(await h.storage.recordPasskeyUse(passkey.id, 4, 6, h.clock.now())).toBe(false)
      expect((await h.storage.getPasskeyAndUser(passkey.credentialId))?.passkey).toEqual(passkey)
    })

    it('works for authenticators without a counter (0 stays 0) and an unknown id is false', async () => {
      const user = await h.user()
      const passkey = buildPasskey({ userId: user.id, signCount: 0 })
      await h.storage.createPasskey(structuredClone(passkey))
      const usedAt = h.clock.advanceSeconds(5)
      expect(await h.storage.recordPasskeyUse(passkey.id, 0, 0, usedAt)).toBe(true)
      expect((await h.storage.getPasskeyAndUser(passkey.credentialId))?.passkey.lastUsedAt).toEqual(usedAt)
      expect(await h.storage.recordPasskeyUse(buildPasskey({ userId: user.id }).id, 0, 1, usedAt)).toBe(false)
    })

    it('parallel recordPasskeyUse from one expected count: exactly one writes', async () => {
      const user = await h.user()
      const passkey = buildPasskey({ userId: user.id, signCount: 10 })
      await h.storage.createPasskey(structuredClone(passkey))
      const results = await Promise.all(
        Array.from({ length: h.concurrency }, (_, i) =>
          h.storage.recordPasskeyUse(passkey.id, 10, 11 + i, h.clock.now()),
        ),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      const winner = results.indexOf(true)
      expect((await h.storage.getPasskeyAndUser(passkey.credentialId))?.passkey.signCount).toBe(11 + winner)
    })
  })
}
