import type { TokenStore } from '@portcullis/core'
import { copyToken } from './copy.js'
import { addToIndex, isPast, type MemoryState, removeToken, tokenKey } from './state.js'

/**
 * The {@link TokenStore} over `state`. `consumeToken` looks up, deletes and returns in one
 * synchronous step, so exactly one caller gets a token.
 *
 * @param state - the maps shared with the other stores
 * @returns the one-time-token half of the memory storage
 */
export function createTokenStore(state: MemoryState): TokenStore {
  return {
    async createToken(token) {
      const stored = copyToken(token)
      const key = tokenKey(stored.purpose, stored.tokenHash)
      removeToken(state, key)
      state.tokens.set(key, stored)
      if (stored.userId !== null) addToIndex(state.tokenKeysByUserId, stored.userId, key)
    },

    async consumeToken(purpose, tokenHash, now) {
      const key = tokenKey(purpose, tokenHash)
      const token = state.tokens.get(key)
      if (!token) return null
      removeToken(state, key)
      return isPast(token.expiresAt, now) ? null : copyToken(token)
    },

    async deleteUserTokens(userId, purpose) {
      let deleted = 0
      for (const key of [...(state.tokenKeysByUserId.get(userId) ?? [])]) {
        if (purpose !== undefined && state.tokens.get(key)?.purpose !== purpose) continue
        if (removeToken(state, key)) deleted += 1
      }
      return deleted
    },
  }
}
