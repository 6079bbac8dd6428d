import { type PasskeyRecord, type PasskeyStore, UniqueConstraintError } from '@portcullis/core'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { decodePasskey, encodeInteger, encodePasskey } from './passkey-codec.js'
import { arrayReply, hashReply, integerReply, malformed } from './reply.js'
import {
  CREATE_PASSKEY,
  DELETE_USER_PASSKEY,
  GET_PASSKEY_AND_USER,
  LIST_USER_PASSKEYS,
  RECORD_PASSKEY_USE,
} from './scripts/passkey-scripts.js'
import { decodeUser } from './user-codec.js'

/**
 * The {@link PasskeyStore} on Redis: a hash per passkey by id, a unique index key from the
 * credential id to the passkey's id (claimed in the same script that writes the passkey, so a
 * credential id belongs to one passkey of one user), and a set of passkey ids per user.
 * `getPasskeyAndUser` is one script: the passkey and its user in one round trip;
 * `recordPasskeyUse` is a compare-and-set of the counter.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the passkey half of the Redis storage
 */
export function createPasskeyStore({ scripts, keys }: RedisContext): PasskeyStore {
  const passkeyOrNull = (reply: unknown): PasskeyRecord | null => {
    const fields = hashReply(reply, 'passkey record')
    return fields === null ? null : decodePasskey(fields)
  }

  return {
    async createPasskey(passkey) {
      const reply = await scripts.run(
        CREATE_PASSKEY,
        [
          keys.passkey(passkey.id),
          keys.passkeyByCredential(passkey.credentialId),
          keys.userPasskeys(passkey.userId),
        ],
        [keys.userPasskeys(''), keys.passkeyByCredential(''), passkey.id, ...encodePasskey(passkey)],
      )
      if (reply === 'credentialId') throw new UniqueConstraintError('credentialId')
      if (reply !== 'ok') throw malformed('createPasskey reply')
    },

    async getPasskeyAndUser(credentialId) {
      const reply = await scripts.run(
        GET_PASSKEY_AND_USER,
        [keys.passkeyByCredential(credentialId)],
        [keys.passkey(''), keys.user(''), credentialId],
      )
      if (reply === null) return null
      const [passkeyReply, userReply] = arrayReply(reply, 'getPasskeyAndUser reply')
      const passkey = passkeyOrNull(passkeyReply)
      const userFields = hashReply(userReply, 'user record')
      if (passkey === null || userFields === null) throw malformed('getPasskeyAndUser reply')
      return { passkey, user: decodeUser(userFields) }
    },

    async listUserPasskeys(userId) {
      const reply = await scripts.run(
        LIST_USER_PASSKEYS,
        [keys.userPasskeys(userId)],
        [keys.passkey(''), userId],
      )
      const passkeys = arrayReply(reply, 'listUserPasskeys reply').flatMap((item) => {
        const passkey = passkeyOrNull(item)
        return passkey === null ? [] : [passkey]
      })
      return passkeys.sort(newestFirst)
    },

    async deleteUserPasskey(userId, id) {
      const reply = await scripts.run(
        DELETE_USER_PASSKEY,
        [keys.passkey(id), keys.userPasskeys(userId)],
        [keys.passkeyByCredential(''), userId, id],
      )
      return integerReply(reply, 'deleteUserPasskey reply') === 1
    },

    async recordPasskeyUse(id, expectedSignCount, signCount, lastUsedAt) {
      const reply = await scripts.run(
        RECORD_PASSKEY_USE,
        [keys.passkey(id)],
        [encodeInteger(expectedSignCount), encodeInteger(signCount), encodeDate(lastUsedAt)],
      )
      return integerReply(reply, 'recordPasskeyUse reply') === 1
    },
  }
}

/** Newest `createdAt` first; ties by id, so that the order does not depend on the set's. */
function newestFirst(a: PasskeyRecord, b: PasskeyRecord): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime()
  if (byTime !== 0) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
