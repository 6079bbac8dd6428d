import type { TwoFactorStore } from '@portcullis/core'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { arrayReply, hashReply, integerReply, malformed } from './reply.js'
import {
  ACCEPT_TOTP_STEP,
  CONSUME_BACKUP_CODE,
  COUNT_BACKUP_CODES,
  DELETE_TOTP_FACTOR,
  GET_SECOND_FACTORS,
  GET_TOTP_FACTOR,
  PUT_TOTP_FACTOR,
  REPLACE_BACKUP_CODES,
} from './scripts/two-factor-scripts.js'
import { decodeTotpFactor, encodeStep, encodeTotpFactor } from './totp-factor-codec.js'

/**
 * The {@link TwoFactorStore} on Redis: a hash per user's TOTP factor (the secret sealed by
 * core) and a set of backup-code hashes per user. Neither expires. `acceptTotpStep` is a
 * compare-and-set script, so exactly one concurrent caller wins a step; `consumeBackupCode` is
 * `SREM`, which replies 1 to exactly one caller. `getSecondFactors` is one script reading the
 * factor, the user's passkey set and the backup codes.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the second-factor half of the Redis storage
 */
export function createTwoFactorStore({ scripts, keys }: RedisContext): TwoFactorStore {
  return {
    async putTotpFactor(factor) {
      await scripts.run(PUT_TOTP_FACTOR, [keys.totpFactor(factor.userId)], encodeTotpFactor(factor))
    },

    async getTotpFactor(userId) {
      const fields = hashReply(
        await scripts.run(GET_TOTP_FACTOR, [keys.totpFactor(userId)], []),
        'TOTP factor record',
      )
      return fields === null ? null : decodeTotpFactor(fields)
    },

    async acceptTotpStep(userId, sealedSecret, step, enabledAt) {
      const reply = await scripts.run(
        ACCEPT_TOTP_STEP,
        [keys.totpFactor(userId)],
        [sealedSecret, encodeStep(step), enabledAt === undefined ? '' : encodeDate(enabledAt)],
      )
      return integerReply(reply, 'acceptTotpStep reply') === 1
    },

    async deleteTotpFactor(userId) {
      const reply = await scripts.run(DELETE_TOTP_FACTOR, [keys.totpFactor(userId)], [])
      return integerReply(reply, 'deleteTotpFactor reply') === 1
    },

    async replaceBackupCodes(userId, codeHashes) {
      await scripts.run(REPLACE_BACKUP_CODES, [keys.backupCodes(userId)], [...codeHashes])
    },

    async consumeBackupCode(userId, codeHash) {
      const reply = await scripts.run(CONSUME_BACKUP_CODE, [keys.backupCodes(userId)], [codeHash])
      return integerReply(reply, 'consumeBackupCode reply') === 1
    },

    async countBackupCodes(userId) {
      return integerReply(
        await scripts.run(COUNT_BACKUP_CODES, [keys.backupCodes(userId)], []),
        'countBackupCodes reply',
      )
    },

    async getSecondFactors(userId) {
      const reply = await scripts.run(
        GET_SECOND_FACTORS,
        [keys.totpFactor(userId), keys.userPasskeys(userId), keys.backupCodes(userId)],
        [keys.passkey(''), userId],
      )
      const parts = arrayReply(reply, 'getSecondFactors reply')
      if (parts.length !== 3) throw malformed('getSecondFactors reply')
      const fields = hashReply(parts[0], 'TOTP factor record')
      return {
        totp: fields === null ? null : decodeTotpFactor(fields),
        passkeyCount: integerReply(parts[1], 'getSecondFactors reply'),
        backupCodeCount: integerReply(parts[2], 'getSecondFactors reply'),
      }
    },
  }
}
