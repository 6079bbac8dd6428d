import { describe } from 'vitest'
import { describeApiKeyStore } from './conformance/api-keys.js'
import { describeConcurrency } from './conformance/concurrency.js'
import { createHarness } from './conformance/harness.js'
import { describeIsolation } from './conformance/isolation.js'
import { describeOutage } from './conformance/outage.js'
import { describePasskeyStore } from './conformance/passkeys.js'
import { describeRateLimitStore } from './conformance/rate-limits.js'
import { describeRefreshTokenStore } from './conformance/refresh-tokens.js'
import { describeRoundTrip } from './conformance/round-trip.js'
import { describeSessionStore } from './conformance/sessions.js'
import { describeTokenStore } from './conformance/tokens.js'
import { describeTwoFactorStore } from './conformance/two-factor.js'
import { describeUserStore } from './conformance/users.js'
import type { StorageConformanceOptions, StorageFactory } from './types.js'

/**
 * Declares the storage conformance suite (vitest `describe` / `it` blocks) that every storage
 * adapter must pass in full: each method of the port, expiry at the boundary (a record is
 * expired when `now >= expiresAt`), copies in and out, values round-tripping with their types,
 * and the races where the store alone keeps uniqueness, consume-once, refresh-token rotation
 * and counting exact.
 *
 * Each test gets a fresh store from `factory` and a fresh fake clock; the suite passes
 * `clock.now()` as `now` and never sleeps. Secrets are hashed by core before they reach the
 * port, so hash-at-rest (SECURITY.md ST-1) is checked in core's own tests, not here.
 *
 * @param name - the adapter's name, shown as `storage conformance: <name>`
 * @param factory - makes a fresh, empty store for one test, with an optional cleanup
 * @param options - concurrency, the clock's start, an outage hook
 * @throws {TypeError} when `options.concurrency` is not an integer of at least 2
 * @example
 * ```ts
 * // packages/redis/test/conformance.test.ts
 * import { storageConformance } from '@portcullis/core/testing'
 *
 * storageConformance('redis', async ({ testId }) => {
 *   const storage = createRedisStorage({ client, prefix: `${testId}:` })
 *   return { storage, cleanup: () => deleteKeys(client, `${testId}:*`) }
 * })
 * ```
 */
export function storageConformance(
  name: string,
  factory: StorageFactory,
  options: StorageConformanceOptions = {},
): void {
  describe(`storage conformance: ${name}`, () => {
    const h = createHarness(factory, options)
    describeUserStore(h)
    describeSessionStore(h)
    describeTokenStore(h)
    describeRateLimitStore(h)
    describeRefreshTokenStore(h)
    describeApiKeyStore(h)
    describeTwoFactorStore(h)
    describePasskeyStore(h)
    describeIsolation(h)
    describeRoundTrip(h)
    describeConcurrency(h)
    describeOutage(h, options)
  })
}
