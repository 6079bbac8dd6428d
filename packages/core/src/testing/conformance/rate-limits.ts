import { describe, expect, it } from 'vitest'
import { addSeconds } from '../../clock/clock.js'
import { type Harness, shiftMs } from './harness.js'

/**
 * Declares the {@link import('../../storage/types.js').RateLimitStore} cases. Boundary: a window
 * has ended when `now >= resetAt`.
 *
 * @param h - the suite's harness
 */
export function describeRateLimitStore(h: Harness): void {
  describe('RateLimitStore', () => {
    it('the first hit counts 1 and opens a window ending now + windowSeconds', async () => {
      const now = h.clock.now()
      expect(await h.storage.hitRateLimit('login:ada', 60, now)).toEqual({
        count: 1,
        resetAt: addSeconds(now, 60),
      })
    })

    it('hits inside the window count up and keep the window end fixed', async () => {
      const start = h.clock.now()
      const resetAt = addSeconds(start, 60)
      await h.storage.hitRateLimit('login:ada', 60, start)
      h.clock.advanceSeconds(20)
      expect(await h.storage.hitRateLimit('login:ada', 60, h.clock.now())).toEqual({ count: 2, resetAt })
      h.clock.set(shiftMs(resetAt, -1))
      expect(await h.storage.hitRateLimit('login:ada', 60, h.clock.now())).toEqual({ count: 3, resetAt })
    })

    it('a hit at resetAt (the window has ended) restarts at 1 with a window from now', async () => {
      const start = h.clock.now()
      await h.storage.hitRateLimit('login:ada', 60, start)
      await h.storage.hitRateLimit('login:ada', 60, start)
      const resetAt = addSeconds(start, 60)
      h.clock.set(resetAt)
      expect(await h.storage.hitRateLimit('login:ada', 60, resetAt)).toEqual({
        count: 1,
        resetAt: addSeconds(resetAt, 60),
      })
    })

    it('a hit long after the window restarts at 1', async () => {
      const start = h.clock.now()
      await h.storage.hitRateLimit('login:ada', 60, start)
      const later = h.clock.advanceSeconds(3600)
      expect(await h.storage.hitRateLimit('login:ada', 60, later)).toEqual({
        count: 1,
        resetAt: addSeconds(later, 60),
      })
    })

    it('keys count independently', async () => {
      const now = h.clock.now()
      await h.storage.hitRateLimit('login:ada', 60, now)
      await h.storage.hitRateLimit('login:ada', 60, now)
      expect((await h.storage.hitRateLimit('login:grace', 60, now)).count).toBe(1)
      expect((await h.storage.hitRateLimit('ip:192.0.2.1', 900, now)).count).toBe(1)
      expect((await h.storage.hitRateLimit('login:ada', 60, now)).count).toBe(3)
    })

    it('resetRateLimit forgets the counter: the next hit counts 1 in a window from now', async () => {
      const start = h.clock.now()
      await h.storage.hitRateLimit('login:ada', 60, start)
      await h.storage.hitRateLimit('login:ada', 60, start)
      await h.storage.hitRateLimit('login:grace', 60, start)
      await h.storage.resetRateLimit('login:ada')
      const now = h.clock.advanceSeconds(10)
      expect(await h.storage.hitRateLimit('login:ada', 60, now)).toEqual({
        count: 1,
        resetAt: addSeconds(now, 60),
      })
      expect((await h.storage.hitRateLimit('login:grace', 60, now)).count).toBe(2)
    })

    it('resetRateLimit of an unknown key resolves', async () => {
      await expect(h.storage.resetRateLimit('login:nobody')).resolves.toBeUndefined()
    })
  })
}
