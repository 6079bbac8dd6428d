import type { ApiKeyRecord, ApiKeyStore } from '@portcullis/core'
import { decodeApiKey, encodeApiKey } from './api-key-codec.js'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { arrayReply, hashReply, integerReply, malformed } from './reply.js'
import {
  CREATE_API_KEY,
  DELETE_USER_API_KEY,
  DELETE_USER_API_KEYS,
  GET_API_KEY_AND_USER,
  LIST_USER_API_KEYS,
  TOUCH_API_KEY,
} from './scripts/api-key-scripts.js'
import { decodeUser } from './user-codec.js'

/**
 * The {@link ApiKeyStore} on Redis: a hash per key by id, an index key from the key's hash to
 * its id, and a set of key ids per user; Redis evicts a key with an expiry at `expiresAt`, and
 * reads judge expiry with the caller's `now`. `getApiKeyAndUser` is one script: the key and its
 * user in one round trip.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the API-key half of the Redis storage
 */
export function createApiKeyStore({ scripts, keys }: RedisContext): ApiKeyStore {
  const apiKeyOrNull = (reply: unknown): ApiKeyRecord | null => {
    if (reply === null) return null
    const fields = hashReply(reply, 'API key record')
    return fields === null ? null : decodeApiKey(fields)
  }

  return {
    async createApiKey(key) {
      await scripts.run(
        CREATE_API_KEY,
        [keys.apiKey(key.id), keys.apiKeyByHash(key.keyHash), keys.userApiKeys(key.userId)],
        [
          keys.userApiKeys(''),
          keys.apiKeyByHash(''),
          key.id,
          key.expiresAt === null ? '' : encodeDate(key.expiresAt),
          ...encodeApiKey(key),
        ],
      )
    },

    async getApiKeyAndUser(keyHash, now) {
      const reply = await scripts.run(
        GET_API_KEY_AND_USER,
        [keys.apiKeyByHash(keyHash)],
        [keys.apiKey(''), keys.user(''), keys.userApiKeys(''), keyHash, encodeDate(now)],
      )
      if (reply === null) return null
      const [keyReply, userReply] = arrayReply(reply, 'getApiKeyAndUser reply')
      const apiKey = apiKeyOrNull(keyReply)
      const userFields = hashReply(userReply, 'user record')
      if (apiKey === null || userFields === null) throw malformed('getApiKeyAndUser reply')
      return { apiKey, user: decodeUser(userFields) }
    },

    async listUserApiKeys(userId, now) {
      const reply = await scripts.run(
        LIST_USER_API_KEYS,
        [keys.userApiKeys(userId)],
        [keys.apiKey(''), keys.apiKeyByHash(''), encodeDate(now), userId],
      )
      const apiKeys = arrayReply(reply, 'listUserApiKeys reply').flatMap((item) => {
        const apiKey = apiKeyOrNull(item)
        return apiKey === null ? [] : [apiKey]
      })
      return apiKeys.sort(newestFirst)
    },

    async deleteUserApiKey(userId, id) {
      const reply = await scripts.run(
        DELETE_USER_API_KEY,
        [keys.apiKey(id), keys.userApiKeys(userId)],
        [keys.apiKeyByHash(''), userId, id],
      )
      return integerReply(reply, 'deleteUserApiKey reply') === 1
    },

    async deleteUserApiKeys(userId) {
      const reply = await scripts.run(
        DELETE_USER_API_KEYS,
        [keys.userApiKeys(userId)],
        [keys.apiKey(''), keys.apiKeyByHash(''), userId],
      )
      return integerReply(reply, 'deleteUserApiKeys reply')
    },

    async touchApiKey(id, lastUsedAt) {
      await scripts.run(TOUCH_API_KEY, [keys.apiKey(id)], [encodeDate(lastUsedAt)])
    },
  }
}

/** Newest `createdAt` first; ties by id, so that the order does not depend on the set's. */
function newestFirst(a: ApiKeyRecord, b: ApiKeyRecord): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime()
  if (byTime !== 0) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
