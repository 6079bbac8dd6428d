import type { RateLimitStore } from '@portcullis/core'
import type { MemoryState } from './state.js'

/**
 * The {@link RateLimitStore} over `state`: fixed windows, counted in one synchronous step.
 *
 * @param state - the maps shared with the other stores
 * @returns the rate-limit half of the memory storage
 */
export function createRateLimitStore(state: MemoryState): RateLimitStore {
  return {
    async hitRateLimit(key, windowSeconds, now) {
      if (!Number.isFinite(windowSeconds) || windowSeconds <= 0)
        throw new RangeError('windowSeconds must be a positive number')
      const nowMs = now.getTime()
      const counter = state.counters.get(key)
      if (counter && nowMs < counter.resetAtMs) {
        counter.count += 1
        return { count: counter.count, resetAt: new Date(counter.resetAtMs) }
      }
      const fresh = { count: 1, resetAtMs: nowMs + Math.round(windowSeconds * 1000) }
      state.counters.set(key, fresh)
      return { count: fresh.count, resetAt: new Date(fresh.resetAtMs) }
    },

    async resetRateLimit(key) {
      state.counters.delete(key)
    },
  }
}
