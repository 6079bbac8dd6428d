import type { RefreshTokenStore } from '@portcullis/core'
import { copyRefreshToken } from './copy.js'
import {
  isPast,
  isRefreshTokenDead,
  isRefreshTokenLive,
  type MemoryState,
  putRefreshToken,
  removeRefreshToken,
  removeRefreshTokenFamily,
} from './state.js'

/**
 * The {@link RefreshTokenStore} over `state`. `rotateRefreshToken` checks, spends and inserts
 * (or deletes the family) in one synchronous step, so under concurrency exactly one caller
 * rotates a token and every later caller sees it spent.
 *
 * @param state - the maps shared with the other stores
 * @returns the refresh-token half of the memory storage
 */
export function createRefreshTokenStore(state: MemoryState): RefreshTokenStore {
  return {
    async createRefreshToken(token) {
      putRefreshToken(state, copyRefreshToken(token))
    },

    async rotateRefreshToken(tokenHash, next, now) {
      const current = state.refreshTokens.get(tokenHash)
      if (!current || isPast(current.familyExpiresAt, now)) return { status: 'invalid' }
      if (current.spentAt !== null) {
        const previous = copyRefreshToken(current)
        removeRefreshTokenFamily(state, current.familyId)
        return { status: 'reused', previous }
      }
      if (isPast(current.expiresAt, now)) return { status: 'invalid' }
      const previous = copyRefreshToken(current)
      current.spentAt = new Date(now)
      putRefreshToken(state, { ...copyRefreshToken(next), familyId: current.familyId })
      return { status: 'rotated', previous }
    },

    async getRefreshToken(tokenHash, now) {
      const token = state.refreshTokens.get(tokenHash)
      if (!token) return null
      if (isRefreshTokenLive(token, now)) return copyRefreshToken(token)
      if (isRefreshTokenDead(token, now)) removeRefreshToken(state, tokenHash)
      return null
    },

    async deleteRefreshTokenFamily(familyId) {
      return removeRefreshTokenFamily(state, familyId)
    },

    async deleteUserRefreshTokens(userId) {
      let deleted = 0
      for (const hash of [...(state.refreshTokenHashesByUserId.get(userId) ?? [])]) {
        if (removeRefreshToken(state, hash)) deleted += 1
      }
      return deleted
    },
  }
}
