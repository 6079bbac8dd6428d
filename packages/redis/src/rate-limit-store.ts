import type { RateLimitStore } from '@portcullis/core'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { arrayReply, integerReply, malformed } from './reply.js'
import { HIT_RATE_LIMIT, RESET_RATE_LIMIT } from './scripts/rate-limit-scripts.js'

/**
 * The {@link RateLimitStore} on Redis: a fixed-window counter per key (`count`, `resetAt`),
 * incremented by one script, so counts are exact under any concurrency; Redis evicts it when
 * its window ends.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the rate-limit half of the Redis storage
 */
export function createRateLimitStore({ scripts, keys }: RedisContext): RateLimitStore {
  return {
    async hitRateLimit(key, windowSeconds, now) {
      if (!Number.isFinite(windowSeconds) || windowSeconds <= 0)
        throw new RangeError('windowSeconds must be a positive number')
      const nextResetAt = now.getTime() + Math.round(windowSeconds * 1000)
      const reply = await scripts.run(
        HIT_RATE_LIMIT,
        [keys.rateLimit(key)],
        [encodeDate(now), String(nextResetAt)],
      )
      const [count, resetAt] = arrayReply(reply, 'hitRateLimit reply')
      const resetAtMs = typeof resetAt === 'string' && /^-?\d+$/.test(resetAt) ? Number(resetAt) : Number.NaN
      if (Number.isNaN(resetAtMs)) throw malformed('hitRateLimit reply')
      return { count: integerReply(count, 'hitRateLimit reply'), resetAt: new Date(resetAtMs) }
    },

    async resetRateLimit(key) {
      await scripts.run(RESET_RATE_LIMIT, [keys.rateLimit(key)], [])
    },
  }
}
