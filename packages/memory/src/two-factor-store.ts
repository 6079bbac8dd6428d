import type { TwoFactorStore } from '@portcullis/core'
import { copyTotpFactor } from './copy.js'
import type { MemoryState } from './state.js'

/**
 * The {@link TwoFactorStore} over `state`: one TOTP factor per user and a set of backup-code
 * hashes per user. `acceptTotpStep` and `consumeBackupCode` check and write in one synchronous
 * step, so a step or a code is won by exactly one caller. `getSecondFactors` reads the factor,
 * the user's passkey index and their codes in one synchronous pass.
 *
 * @param state - the maps shared with the other stores
 * @returns the second-factor half of the memory storage
 */
export function createTwoFactorStore(state: MemoryState): TwoFactorStore {
  return {
    async putTotpFactor(factor) {
      state.totpFactors.set(factor.userId, copyTotpFactor(factor))
    },

    async getTotpFactor(userId) {
      const factor = state.totpFactors.get(userId)
      return factor ? copyTotpFactor(factor) : null
    },

    async acceptTotpStep(userId, sealedSecret, step, enabledAt) {
      const factor = state.totpFactors.get(userId)
      if (!factor || factor.sealedSecret !== sealedSecret) return false
      if (!factor.enabled && enabledAt === undefined) return false
      if (factor.lastUsedStep !== null && step <= factor.lastUsedStep) return false
      factor.lastUsedStep = step
      if (!factor.enabled && enabledAt !== undefined) {
        factor.enabled = true
        factor.enabledAt = new Date(enabledAt)
      }
      return true
    },

    async deleteTotpFactor(userId) {
      return state.totpFactors.delete(userId)
    },

    async replaceBackupCodes(userId, codeHashes) {
      if (codeHashes.length === 0) state.backupCodes.delete(userId)
      else state.backupCodes.set(userId, new Set(codeHashes))
    },

    async consumeBackupCode(userId, codeHash) {
      return state.backupCodes.get(userId)?.delete(codeHash) ?? false
    },

    async countBackupCodes(userId) {
      return state.backupCodes.get(userId)?.size ?? 0
    },

    async getSecondFactors(userId) {
      const factor = state.totpFactors.get(userId)
      let passkeyCount = 0
      for (const id of state.passkeyIdsByUserId.get(userId) ?? []) {
        if (state.passkeys.has(id)) passkeyCount += 1
      }
      return {
        totp: factor ? copyTotpFactor(factor) : null,
        passkeyCount,
        backupCodeCount: state.backupCodes.get(userId)?.size ?? 0,
      }
    },
  }
}
