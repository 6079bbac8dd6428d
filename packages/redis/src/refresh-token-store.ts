import type { RefreshTokenRecord, RefreshTokenStore } from '@portcullis/core'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { decodeRefreshToken, encodeRefreshToken, encodeRefreshTokenFields } from './refresh-token-codec.js'
import { arrayReply, hashReply, integerReply, malformed } from './reply.js'
import {
  CREATE_REFRESH_TOKEN,
  DELETE_REFRESH_TOKEN_FAMILY,
  DELETE_USER_REFRESH_TOKENS,
  GET_REFRESH_TOKEN,
  ROTATE_REFRESH_TOKEN,
} from './scripts/refresh-token-scripts.js'

/**
 * The {@link RefreshTokenStore} on Redis: a hash per token keyed by its hash, evicted by Redis
 * when its family ends, a set of token hashes per family and a set of family ids per user, so
 * that a family or all of a user's tokens go in one script. `rotateRefreshToken` is one
 * script: it spends the token and stores the next one, or on reuse deletes the family, in one
 * atomic step and one round trip. Expiry is judged with the caller's `now`.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the refresh-token half of the Redis storage
 */
export function createRefreshTokenStore({ scripts, keys }: RedisContext): RefreshTokenStore {
  const tokenOrNull = (reply: unknown, what: string): RefreshTokenRecord | null => {
    if (reply === null) return null
    const fields = hashReply(reply, what)
    return fields === null ? null : decodeRefreshToken(fields)
  }

  return {
    async createRefreshToken(token) {
      await scripts.run(
        CREATE_REFRESH_TOKEN,
        [
          keys.refreshToken(token.tokenHash),
          keys.refreshFamily(token.familyId),
          keys.userRefreshFamilies(token.userId),
        ],
        [
          keys.refreshFamily(''),
          token.tokenHash,
          token.familyId,
          encodeDate(token.familyExpiresAt),
          ...encodeRefreshToken(token),
        ],
      )
    },

    async rotateRefreshToken(tokenHash, next, now) {
      const reply = await scripts.run(
        ROTATE_REFRESH_TOKEN,
        [keys.refreshToken(tokenHash)],
        [
          keys.refreshToken(''),
          keys.refreshFamily(''),
          keys.userRefreshFamilies(''),
          encodeDate(now),
          next.tokenHash,
          next.userId,
          encodeDate(next.familyExpiresAt),
          ...encodeRefreshTokenFields(next),
        ],
      )
      if (reply === null) return { status: 'invalid' }
      const [status, record] = arrayReply(reply, 'rotateRefreshToken reply')
      const previous = tokenOrNull(record, 'refresh token record')
      if ((status !== 'rotated' && status !== 'reused') || previous === null)
        throw malformed('rotateRefreshToken reply')
      return { status, previous }
    },

    async getRefreshToken(tokenHash, now) {
      const reply = await scripts.run(
        GET_REFRESH_TOKEN,
        [keys.refreshToken(tokenHash)],
        [keys.refreshFamily(''), keys.userRefreshFamilies(''), encodeDate(now), tokenHash],
      )
      return tokenOrNull(reply, 'refresh token record')
    },

    async deleteRefreshTokenFamily(familyId) {
      const reply = await scripts.run(
        DELETE_REFRESH_TOKEN_FAMILY,
        [keys.refreshFamily(familyId)],
        [keys.refreshToken(''), keys.userRefreshFamilies(''), familyId],
      )
      return integerReply(reply, 'deleteRefreshTokenFamily reply')
    },

    async deleteUserRefreshTokens(userId) {
      const reply = await scripts.run(
        DELETE_USER_REFRESH_TOKENS,
        [keys.userRefreshFamilies(userId)],
        [keys.refreshToken(''), keys.refreshFamily(''), userId],
      )
      return integerReply(reply, 'deleteUserRefreshTokens reply')
    },
  }
}
