import { describe, expect, it } from 'vitest'
import { hashToken } from '../../crypto/hash.js'
import { buildPasskey, buildTotpFactor } from '../record-builders.js'
import type { Harness } from './harness.js'

/** A time step after the year 2106 (above 2^32), as RFC 6238's last test vector uses. */
const STEP_AFTER_2106 = 666_666_666

/**
 * Declares the {@link import('../../storage/types.js').TwoFactorStore} cases: the TOTP factor
 * (one per user, pending until confirmed, a step accepted once), backup codes, and all of a
 * user's second factors read together.
 *
 * @param h - the suite's harness
 */
export function describeTwoFactorStore(h: Harness): void {
  describe('TwoFactorStore', () => {
    describeTotpFactor(h)
    describeAcceptTotpStep(h)
    describeBackupCodes(h)
    describeGetSecondFactors(h)
  })
}

function describeTotpFactor(h: Harness): void {
  describe('putTotpFactor, getTotpFactor and deleteTotpFactor', () => {
    it('returns the stored factor, equal to what was given; null for a user without one', async () => {
      const ada = await h.user()
      const grace = await h.user()
      const factor = buildTotpFactor({ userId: ada.id, createdAt: h.clock.now() })
      await h.storage.putTotpFactor(structuredClone(factor))
      expect(await h.storage.getTotpFactor(ada.id)).toEqual(factor)
      expect(await h.storage.getTotpFactor(grace.id)).toBeNull()
    })

    it('round-trips an enabled factor with its last step and enabledAt', async () => {
      const ada = await h.user()
      const factor = buildTotpFactor({
        userId: ada.id,
        enabled: true,
        lastUsedStep: STEP_AFTER_2106,
        createdAt: h.clock.now(),
        enabledAt: h.clock.advanceSeconds(30),
      })
      await h.storage.putTotpFactor(structuredClone(factor))
      expect(await h.storage.getTotpFactor(ada.id)).toEqual(factor)
    })

    it('a second put replaces the first (one factor per user)', async () => {
      const ada = await h.user()
      await h.storage.putTotpFactor(buildTotpFactor({ userId: ada.id, enabled: true, lastUsedStep: 5 }))
      const next = buildTotpFactor({ userId: ada.id, createdAt: h.clock.advanceSeconds(60) })
      await h.storage.putTotpFactor(structuredClone(next))
      expect(await h.storage.getTotpFactor(ada.id)).toEqual(next)
    })

    it('deleteTotpFactor removes it and returns true, then false', async () => {
      const ada = await h.user()
      await h.storage.putTotpFactor(buildTotpFactor({ userId: ada.id }))
      expect(await h.storage.deleteTotpFactor(ada.id)).toBe(true)
      expect(await h.storage.getTotpFactor(ada.id)).toBeNull()
      expect(await h.storage.deleteTotpFactor(ada.id)).toBe(false)
    })

    it('mutating a factor after put, or one returned by get, does not change the store', async () => {
      const ada = await h.user()
      const factor = buildTotpFactor({ userId: ada.id, createdAt: h.clock.now() })
      const given = structuredClone(factor)
      await h.storage.putTotpFactor(given)
      given.enabled = true
      given.createdAt.setTime(0)
      const read = await h.storage.getTotpFactor(ada.id)
      read!.sealedSecret = 'changed'
      expect(await h.storage.getTotpFactor(ada.id)).toEqual(factor)
    })
  })
}

function describeAcceptTotpStep(h: Harness): void {
  describe('acceptTotpStep', () => {
    const enabledFactor = async (lastUsedStep: number | null = null) => {
      const user = await h.user()
      const factor = buildTotpFactor({
        userId: user.id,
        enabled: true,
        lastUsedStep,
        enabledAt: h.clock.now(),
        createdAt: h.clock.now(),
      })
      await h.storage.putTotpFactor(structuredClone(factor))
      return factor
    }

    it('accepts a step above the last one and records it', async () => {
      const factor = await enabledFactor(100)
      expect(await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, 101)).toBe(true)
      expect(await h.storage.getTotpFactor(factor.userId)).toEqual({ ...factor, lastUsedStep: 101 })
    })

    it('accepts any step when none was used yet', async () => {
      const factor = await enabledFactor(null)
      expect(await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, 0)).toBe(true)
      expect((await h.storage.getTotpFactor(factor.userId))?.lastUsedStep).toBe(0)
    })

    it('refuses the same step twice and any earlier step (a code is accepted once: OTP-4)', async () => {
      const factor = await enabledFactor(null)
      expect(await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, 200)).toBe(true)
      expect(await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, 200)).toBe(false)
      expect(await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, 199)).toBe(false)
      expect((await h.storage.getTotpFactor(factor.userId))?.lastUsedStep).toBe(200)
    })

    it('handles steps above 2^32 (after the year 2106)', async () => {
      const factor = await enabledFactor(STEP_AFTER_2106)
      expect(await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, STEP_AFTER_2106)).toBe(false)
      expect(await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, STEP_AFTER_2106 + 1)).toBe(
        true,
      )
      expect((await h.storage.getTotpFactor(factor.userId))?.lastUsedStep).toBe(STEP_AFTER_2106 + 1)
    })

    it('refuses when the sealed secret differs (a setup redone meanwhile) and writes nothing', async () => {
      const factor = await enabledFactor(10)
      expect(await h.storage.acceptTotpStep(factor.userId, 'v1.other.secret', 11)).toBe(false)
      expect(await h.storage.getTotpFactor(factor.userId)).toEqual(factor)
    })

    it('refuses for a user without a factor', async () => {
      const user = await h.user()
      expect(await h.storage.acceptTotpStep(user.id, 'v1.any.secret', 1)).toBe(false)
      expect(await h.storage.getTotpFactor(user.id)).toBeNull()
    })

    it('refuses a pending factor without enabledAt (an unconfirmed factor never signs in: OTP-6)', async () => {
      const user = await h.user()
      const pending = buildTotpFactor({ userId: user.id, createdAt: h.clock.now() })
      await h.storage.putTotpFactor(structuredClone(pending))
      expect(await h.storage.acceptTotpStep(user.id, pending.sealedSecret, 7)).toBe(false)
      expect(await h.storage.getTotpFactor(user.id)).toEqual(pending)
    })

    it('with enabledAt, confirms a pending factor: enabled, enabledAt and the step recorded', async () => {
      const user = await h.user()
      const pending = buildTotpFactor({ userId: user.id, createdAt: h.clock.now() })
      await h.storage.putTotpFactor(structuredClone(pending))
      const enabledAt = h.clock.advanceSeconds(40)
      expect(await h.storage.acceptTotpStep(user.id, pending.sealedSecret, 7, enabledAt)).toBe(true)
      expect(await h.storage.getTotpFactor(user.id)).toEqual({
        ...pending,
        enabled: true,
        enabledAt,
        lastUsedStep: 7,
      })
      expect(await h.storage.acceptTotpStep(user.id, pending.sealedSecret, 7)).toBe(false)
      expect(await h.storage.acceptTotpStep(user.id, pending.sealedSecret, 8)).toBe(true)
    })

    it('with enabledAt on an enabled factor, records the step and keeps the first enabledAt', async () => {
      const factor = await enabledFactor(3)
      expect(
        await h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, 4, h.clock.advanceSeconds(90)),
      ).toBe(true)
      expect(await h.storage.getTotpFactor(factor.userId)).toEqual({ ...factor, lastUsedStep: 4 })
    })

    it("one user's steps do not affect another's", async () => {
      const ada = await enabledFactor(null)
      const grace = await enabledFactor(null)
      expect(await h.storage.acceptTotpStep(ada.userId, ada.sealedSecret, 50)).toBe(true)
      expect(await h.storage.acceptTotpStep(grace.userId, grace.sealedSecret, 50)).toBe(true)
    })

    it('parallel acceptTotpStep of one step: exactly one caller wins', async () => {
      const factor = await enabledFactor(null)
      const results = await Promise.all(
        Array.from({ length: h.concurrency }, () =>
          h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, 1000),
        ),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      expect((await h.storage.getTotpFactor(factor.userId))?.lastUsedStep).toBe(1000)
    })

    it('parallel acceptTotpStep of rising steps: the highest step is kept, never a lower one', async () => {
      const factor = await enabledFactor(null)
      const steps = Array.from({ length: h.concurrency }, (_, i) => 5000 + i)
      await Promise.all(
        steps.map((step) => h.storage.acceptTotpStep(factor.userId, factor.sealedSecret, step)),
      )
      expect((await h.storage.getTotpFactor(factor.userId))?.lastUsedStep).toBe(steps.at(-1))
    })
  })
}

function describeBackupCodes(h: Harness): void {
  describe('backup codes', () => {
    const hashes = (count: number, tag = 'code') =>
      Array.from({ length: count }, (_, i) => hashToken(`${tag}-${i}`))

    it('replaceBackupCodes stores them; countBackupCodes counts them; 0 for a user without', async () => {
      const ada = await h.user()
      const grace = await h.user()
      await h.storage.replaceBackupCodes(ada.id, hashes(10))
      expect(await h.storage.countBackupCodes(ada.id)).toBe(10)
      expect(await h.storage.countBackupCodes(grace.id)).toBe(0)
    })

    it('consumeBackupCode is true once per code, then false; the count drops', async () => {
      const ada = await h.user()
      const codes = hashes(3)
      await h.storage.replaceBackupCodes(ada.id, codes)
      expect(await h.storage.consumeBackupCode(ada.id, codes[1]!)).toBe(true)
      expect(await h.storage.consumeBackupCode(ada.id, codes[1]!)).toBe(false)
      expect(await h.storage.countBackupCodes(ada.id)).toBe(2)
      expect(await h.storage.consumeBackupCode(ada.id, codes[0]!)).toBe(true)
      expect(await h.storage.consumeBackupCode(ada.id, codes[2]!)).toBe(true)
      expect(await h.storage.countBackupCodes(ada.id)).toBe(0)
    })

    it("a code is only the owner's: another user's consume is false and leaves it", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const codes = hashes(2)
      await h.storage.replaceBackupCodes(ada.id, codes)
      expect(await h.storage.consumeBackupCode(grace.id, codes[0]!)).toBe(false)
      expect(await h.storage.consumeBackupCode(ada.id, hashToken('unknown'))).toBe(false)
      expect(await h.storage.countBackupCodes(ada.id)).toBe(2)
    })

    it('two users may hold the same code hash independently', async () => {
      const ada = await h.user()
      const grace = await h.user()
      const shared = hashToken('shared')
      await h.storage.replaceBackupCodes(ada.id, [shared])
      await h.storage.replaceBackupCodes(grace.id, [shared])
      expect(await h.storage.consumeBackupCode(ada.id, shared)).toBe(true)
      expect(await h.storage.consumeBackupCode(grace.id, shared)).toBe(true)
    })

    it('replacing kills every old code (REC-1); an empty list leaves none', async () => {
      const ada = await h.user()
      const old = hashes(3, 'old')
      const fresh = hashes(2, 'new')
      await h.storage.replaceBackupCodes(ada.id, old)
      await h.storage.replaceBackupCodes(ada.id, fresh)
      expect(await h.storage.countBackupCodes(ada.id)).toBe(2)
      for (const code of old) expect(await h.storage.consumeBackupCode(ada.id, code)).toBe(false)
      expect(await h.storage.consumeBackupCode(ada.id, fresh[0]!)).toBe(true)
      await h.storage.replaceBackupCodes(ada.id, [])
      expect(await h.storage.countBackupCodes(ada.id)).toBe(0)
      expect(await h.storage.consumeBackupCode(ada.id, fresh[1]!)).toBe(false)
    })

    it('parallel replaceBackupCodes: exactly one list survives, whole, never the union', async () => {
      const ada = await h.user()
      const lists = Array.from({ length: h.concurrency }, (_, i) => hashes(5, `list-${i}-`))
      await Promise.all(lists.map((list) => h.storage.replaceBackupCodes(ada.id, list)))
      expect(await h.storage.countBackupCodes(ada.id)).toBe(5)
      const survivors: string[][] = []
      for (const list of lists) if (await h.storage.consumeBackupCode(ada.id, list[0]!)) survivors.push(list)
      expect(survivors).toHaveLength(1)
      for (const code of survivors[0]!.slice(1))
        expect(await h.storage.consumeBackupCode(ada.id, code)).toBe(true)
    })

    it('mutating the array given to replaceBackupCodes does not change the store', async () => {
      const ada = await h.user()
      const codes = hashes(2)
      const given = [...codes]
      await h.storage.replaceBackupCodes(ada.id, given)
      given[0] = hashToken('swapped')
      given.push(hashToken('added'))
      expect(await h.storage.countBackupCodes(ada.id)).toBe(2)
      expect(await h.storage.consumeBackupCode(ada.id, codes[0]!)).toBe(true)
    })

    it('parallel consumeBackupCode of one code: exactly one caller gets it', async () => {
      const ada = await h.user()
      const codes = hashes(10)
      await h.storage.replaceBackupCodes(ada.id, codes)
      const results = await Promise.all(
        Array.from({ length: h.concurrency }, () => h.storage.consumeBackupCode(ada.id, codes[4]!)),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await h.storage.countBackupCodes(ada.id)).toBe(9)
    })
  })
}

function describeGetSecondFactors(h: Harness): void {
  describe('getSecondFactors', () => {
    const none = { totp: null, passkeyCount: 0, backupCodeCount: 0 }
    const hashes = (count: number, tag: string) =>
      Array.from({ length: count }, (_, i) => hashToken(`${tag}-${i}`))

    it('a user with no second factor, and an unknown user, have none', async () => {
      const ada = await h.user()
      expect(await h.storage.getSecondFactors(ada.id)).toEqual(none)
      expect(await h.storage.getSecondFactors('no-such-user')).toEqual(none)
    })

    it('returns the factor equal to getTotpFactor, pending and then enabled', async () => {
      const ada = await h.user()
      const pending = buildTotpFactor({ userId: ada.id, createdAt: h.clock.now() })
      await h.storage.putTotpFactor(structuredClone(pending))
      expect(await h.storage.getSecondFactors(ada.id)).toEqual({ ...none, totp: pending })
      expect((await h.storage.getSecondFactors(ada.id)).totp).toEqual(await h.storage.getTotpFactor(ada.id))
      const enabledAt = h.clock.advanceSeconds(30)
      expect(await h.storage.acceptTotpStep(ada.id, pending.sealedSecret, STEP_AFTER_2106, enabledAt)).toBe(
        true,
      )
      const enabled = { ...pending, enabled: true, enabledAt, lastUsedStep: STEP_AFTER_2106 }
      expect(await h.storage.getSecondFactors(ada.id)).toEqual({ ...none, totp: enabled })
      expect((await h.storage.getSecondFactors(ada.id)).totp).toEqual(await h.storage.getTotpFactor(ada.id))
      await h.storage.deleteTotpFactor(ada.id)
      expect(await h.storage.getSecondFactors(ada.id)).toEqual(none)
    })

    it('counts follow createPasskey / deleteUserPasskey and replaceBackupCodes / consumeBackupCode', async () => {
      const ada = await h.user()
      const first = buildPasskey({ userId: ada.id, createdAt: h.clock.now() })
      const second = buildPasskey({ userId: ada.id, createdAt: h.clock.advanceSeconds(1) })
      await h.storage.createPasskey(structuredClone(first))
      expect(await h.storage.getSecondFactors(ada.id)).toEqual({ ...none, passkeyCount: 1 })
      await h.storage.createPasskey(structuredClone(second))
      const codes = hashes(3, 'code')
      await h.storage.replaceBackupCodes(ada.id, codes)
      expect(await h.storage.getSecondFactors(ada.id)).toEqual({
        ...none,
        passkeyCount: 2,
        backupCodeCount: 3,
      })
      expect(await h.storage.consumeBackupCode(ada.id, codes[0]!)).toBe(true)
      expect(await h.storage.deleteUserPasskey(ada.id, first.id)).toBe(true)
      expect(await h.storage.getSecondFactors(ada.id)).toEqual({
        ...none,
        passkeyCount: 1,
        backupCodeCount: 2,
      })
      await h.storage.replaceBackupCodes(ada.id, hashes(5, 'fresh'))
      expect((await h.storage.getSecondFactors(ada.id)).backupCodeCount).toBe(5)
      await h.storage.replaceBackupCodes(ada.id, [])
      expect(await h.storage.deleteUserPasskey(ada.id, second.id)).toBe(true)
      expect(await h.storage.getSecondFactors(ada.id)).toEqual(none)
    })

    it("never counts another user's factors", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const factor = buildTotpFactor({ userId: grace.id, enabled: true, createdAt: h.clock.now() })
      await h.storage.putTotpFactor(structuredClone(factor))
      await h.storage.createPasskey(buildPasskey({ userId: grace.id }))
      await h.storage.createPasskey(buildPasskey({ userId: grace.id }))
      await h.storage.replaceBackupCodes(grace.id, hashes(4, 'grace'))
      await h.storage.replaceBackupCodes(ada.id, hashes(1, 'ada'))
      expect(await h.storage.getSecondFactors(ada.id)).toEqual({ ...none, backupCodeCount: 1 })
      expect(await h.storage.getSecondFactors(grace.id)).toEqual({
        totp: factor,
        passkeyCount: 2,
        backupCodeCount: 4,
      })
    })

    it("a deleted user's second factors are gone", async () => {
      const ada = await h.user()
      await h.storage.putTotpFactor(buildTotpFactor({ userId: ada.id, createdAt: h.clock.now() }))
      await h.storage.createPasskey(buildPasskey({ userId: ada.id }))
      await h.storage.replaceBackupCodes(ada.id, hashes(2, 'code'))
      expect(await h.storage.deleteUser(ada.id)).toBe(true)
      expect(await h.storage.getSecondFactors(ada.id)).toEqual(none)
    })

    it('the returned factor is a copy: mutating it does not change the store', async () => {
      const ada = await h.user()
      const factor = buildTotpFactor({ userId: ada.id, createdAt: h.clock.now() })
      await h.storage.putTotpFactor(structuredClone(factor))
      const read = await h.storage.getSecondFactors(ada.id)
      read.totp!.sealedSecret = 'changed'
      read.totp!.enabled = true
      read.totp!.createdAt.setTime(0)
      expect((await h.storage.getSecondFactors(ada.id)).totp).toEqual(factor)
      expect(await h.storage.getTotpFactor(ada.id)).toEqual(factor)
    })
  })
}
