import { secondsBetween } from '../clock/clock.js'
import type { RateLimitRule } from '../config/options.js'
import type { Deps } from '../config/resolve-config.js'
import { hmacSha256 } from '../crypto/hmac.js'
import { TooManyAttemptsError } from '../errors/errors.js'

/**
 * What a counter counts. Part of the storage key. `login:account` counts login attempts per
 * account; `login:lock` holds an account's current lockout (its window is the lock) and
 * `login:lockouts` how many lockouts the account had lately (the back-off level).
 */
export type RateLimitBucket =
  | 'login:account'
  | 'login:lock'
  | 'login:lockouts'
  | 'login:ip'
  | 'register:ip'
  | 'mail:address'
  | 'recovery:ip'
  | 'two_factor:account'

/**
 * Counters forgotten together: the account throttle is one unit, so resetting `login:account`
 * (after a success or a password reset) also lifts a lock and forgets the lockout history.
 */
const RESET_TOGETHER: Partial<Record<RateLimitBucket, readonly RateLimitBucket[]>> = {
  'login:account': ['login:account', 'login:lock', 'login:lockouts'],
}

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

/**
 * Forgets a counter, e.g. the account's failed logins after a success (BF-1). Resetting
 * `login:account` resets the whole account throttle: attempts, lock and lockout history.
 */
export async function resetRateLimit(deps: Deps, bucket: RateLimitBucket, subject: string): Promise<void> {
  for (const each of RESET_TOGETHER[bucket] ?? [bucket])
    await deps.storage.resetRateLimit(rateLimitKey(deps, each, subject))
}
