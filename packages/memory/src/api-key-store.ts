import type { ApiKeyRecord, ApiKeyStore } from '@portcullis/core'
import { copyApiKey, copyUser } from './copy.js'
import { addToIndex, isApiKeyExpired, type MemoryState, removeApiKey } from './state.js'

/**
 * The {@link ApiKeyStore} over `state`. A key expired at the caller's `now` is treated as absent
 * and removed when a read comes across it.
 *
 * @param state - the maps shared with the other stores
 * @returns the API-key half of the memory storage
 */
export function createApiKeyStore(state: MemoryState): ApiKeyStore {
  return {
    async createApiKey(key) {
      const stored = copyApiKey(key)
      removeApiKey(state, stored.id)
      state.apiKeys.set(stored.id, stored)
      state.apiKeyIdByHash.set(stored.keyHash, stored.id)
      addToIndex(state.apiKeyIdsByUserId, stored.userId, stored.id)
    },

    async getApiKeyAndUser(keyHash, now) {
      const id = state.apiKeyIdByHash.get(keyHash)
      const key = id === undefined ? undefined : state.apiKeys.get(id)
      if (!key) return null
      if (isApiKeyExpired(key, now)) {
        removeApiKey(state, key.id)
        return null
      }
      const user = state.users.get(key.userId)
      if (!user) return null
      return { apiKey: copyApiKey(key), user: copyUser(user) }
    },

    async listUserApiKeys(userId, now) {
      const live: ApiKeyRecord[] = []
      for (const id of [...(state.apiKeyIdsByUserId.get(userId) ?? [])]) {
        const key = state.apiKeys.get(id)
        if (!key) continue
        if (isApiKeyExpired(key, now)) removeApiKey(state, id)
        else live.push(key)
      }
      return live.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(copyApiKey)
    },

    async deleteUserApiKey(userId, id) {
      if (state.apiKeys.get(id)?.userId !== userId) return false
      return removeApiKey(state, id)
    },

    async deleteUserApiKeys(userId) {
      let deleted = 0
      for (const id of [...(state.apiKeyIdsByUserId.get(userId) ?? [])]) {
        if (state.apiKeys.get(id)?.userId === userId && removeApiKey(state, id)) deleted++
      }
      return deleted
    },

    async touchApiKey(id, lastUsedAt) {
      const key = state.apiKeys.get(id)
      if (key) key.lastUsedAt = new Date(lastUsedAt)
    },
  }
}
