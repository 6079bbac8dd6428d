import type { TokenStore } from '@portcullis/core'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { hashReply, integerReply } from './reply.js'
import { CONSUME_TOKEN, CREATE_TOKEN, DELETE_USER_TOKENS } from './scripts/token-scripts.js'
import { decodeToken, encodeToken } from './token-codec.js'

/**
 * The {@link TokenStore} on Redis: a hash per token keyed by purpose and hash, evicted by Redis
 * at `expiresAt`, and a set of token references per user (a token bound to no user is in no
 * set). `consumeToken` is one script that
 * reads and deletes, so exactly one concurrent caller gets a token; expiry is judged with the
 * caller's `now`.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the one-time-token half of the Redis storage
 */
export function createTokenStore({ scripts, keys }: RedisContext): TokenStore {
  return {
    async createToken(token) {
      const tokenKeys = [keys.token(token.purpose, token.tokenHash)]
      if (token.userId !== null) tokenKeys.push(keys.userTokens(token.userId))
      await scripts.run(CREATE_TOKEN, tokenKeys, [
        keys.userTokens(''),
        keys.tokenRef(token.purpose, token.tokenHash),
        encodeDate(token.expiresAt),
        ...encodeToken(token),
      ])
    },

    async consumeToken(purpose, tokenHash, now) {
      const reply = await scripts.run(
        CONSUME_TOKEN,
        [keys.token(purpose, tokenHash)],
        [keys.userTokens(''), keys.tokenRef(purpose, tokenHash), purpose, tokenHash, encodeDate(now)],
      )
      if (reply === null) return null
      const fields = hashReply(reply, 'token record')
      return fields === null ? null : decodeToken(fields)
    },

    async deleteUserTokens(userId, purpose) {
      const args = [keys.tokenByRef(''), userId]
      if (purpose !== undefined) args.push(purpose)
      const reply = await scripts.run(DELETE_USER_TOKENS, [keys.userTokens(userId)], args)
      return integerReply(reply, 'deleteUserTokens reply')
    },
  }
}
