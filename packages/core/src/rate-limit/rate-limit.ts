import { secondsBetween } from '../clock/clock.js'
import type { RateLimitRule } from '../config/options.js'
import type { Deps } from '../config/resolve-config.js'
import { hmacSha256 } from '../crypto/hmac.js'
import { TooManyAttemptsError } from '../errors/errors.js'

/** What a counter counts. Part of the storage key. */
export type RateLimitBucket = 'login:account' | 'login:ip' | 'register:ip' | 'mail:address' | 'recovery:ip'

/**
 * The storage key of a counter: the bucket plus a keyed hash of the subject, so the store
 * never holds raw emails or IPs and keys cannot collide across buckets.
 */
export function rateLimitKey(deps: Deps, bucket: RateLimitBucket, subject: string): string {
  return `${bucket}:${hmacSha256(deps.config.secretKey, `${bucket}\u0000${subject}`)}`
}

/**
 * Counts one hit against `rule` and throws when it is over the limit. Called before any
 * password hash runs, so a flood costs a counter increment, never a KDF (PW-14).
 * @throws {TooManyAttemptsError} with `retryAfterSeconds` until the window ends.
 */
export async function hitRateLimit(
  deps: Deps,
  bucket: RateLimitBucket,
  subject: string,
  rule: RateLimitRule,
) {
  const now = deps.clock.now()
  const state = await deps.storage.hitRateLimit(rateLimitKey(deps, bucket, subject), rule.windowSeconds, now)
  if (state.count > rule.max)
    throw new TooManyAttemptsError(secondsBetween(now, state.resetAt), undefined, rule.max)
}

/** Forgets a counter, e.g. the account's failed logins after a success (BF-1). */
export async function resetRateLimit(deps: Deps, bucket: RateLimitBucket, subject: string): Promise<void> {
  await deps.storage.resetRateLimit(rateLimitKey(deps, bucket, subject))
}
