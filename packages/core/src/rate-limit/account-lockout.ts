import { secondsBetween } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { TooManyAttemptsError } from '../errors/errors.js'
import { rateLimitKey, resetRateLimit } from './rate-limit.js'

/**
 * Window of the hit that looks at the lock key. The port has no read, so looking is a hit: on
 * a key with no lock it starts a window this short, which never reads as a lock.
 */
const PROBE_SECONDS = 1

/** Attempts at setting a lock when a concurrent probe gets in between the reset and the hit. */
const LOCK_WRITE_ATTEMPTS = 3

/** The back-off settings: lock n lasts `base × factor^(n-1)` seconds, at most `maxSeconds`. */
export interface LockoutBackoff {
  readonly factor: number
  readonly maxSeconds: number
}

/** What {@link hitAccountLimit} learnt, for {@link clearAccountLimit} after a success. */
export interface AccountAttempt {
  readonly subject: string
  /** Whether the account had a lockout within the history window (there is history to forget). */
  readonly recentLockout: boolean
}

/**
 * How long the `lockouts`-th lockout in a row lasts: `baseSeconds × factor^(lockouts-1)`,
 * rounded up to a whole second, at most `maxSeconds`, never shorter than `baseSeconds` (a
 * window longer than `maxSeconds` wins).
 */
export function lockoutSeconds(baseSeconds: number, backoff: LockoutBackoff, lockouts: number): number {
  const grown = Math.ceil(baseSeconds * backoff.factor ** Math.max(0, lockouts - 1))
  return Math.max(baseSeconds, Math.min(backoff.maxSeconds, grown))
}

/**
 * How long lockouts are remembered for the back-off, from the first one of a run: twice the
 * longest lock, so the history outlives the locks it grows.
 */
export function lockoutHistorySeconds(baseSeconds: number, backoff: LockoutBackoff): number {
  return 2 * Math.max(baseSeconds, backoff.maxSeconds)
}

/**
 * Counts one login attempt against an account (BF-1), with exponential back-off. In order:
 * - a current lock refuses the attempt without counting it, with the lock's real remaining time;
 * - the attempt is counted in `rateLimit.loginPerAccount` (fixed window);
 * - the attempt that goes over the limit (exactly one per window) records a lockout and locks
 *   the account for {@link lockoutSeconds} (the window, then `factor` times longer each time, up
 *   to `maxSeconds`), remembering lockouts for {@link lockoutHistorySeconds}.
 *
 * Storage only, no password hash: call it before any KDF runs. Two counter hits per attempt.
 * The lock key is written for the lock plus the history window `H`: it reads as locked while
 * more than `H` of it is left, and its tail tells a later success that there is history to
 * forget. After a success call {@link clearAccountLimit}; a password reset clears everything
 * with `resetRateLimit(deps, 'login:account', subject)`.
 * @throws {TooManyAttemptsError} while locked, with `retryAfterSeconds` until the lock ends.
 */
export async function hitAccountLimit(deps: Deps, subject: string): Promise<AccountAttempt> {
  const { loginPerAccount: rule, lockoutBackoff } = deps.config.rateLimit
  const { storage } = deps
  const now = deps.clock.now()
  const historySeconds = lockoutHistorySeconds(rule.windowSeconds, lockoutBackoff)

  const lockKey = rateLimitKey(deps, 'login:lock', subject)
  const lock = await storage.hitRateLimit(lockKey, PROBE_SECONDS, now)
  const lockKeyLeft = secondsBetween(now, lock.resetAt)
  if (lockKeyLeft > historySeconds)
    throw new TooManyAttemptsError(lockKeyLeft - historySeconds, undefined, rule.max)
  const recentLockout = lockKeyLeft > PROBE_SECONDS

  const attemptsKey = rateLimitKey(deps, 'login:account', subject)
  const attempts = await storage.hitRateLimit(attemptsKey, rule.windowSeconds, now)
  if (attempts.count <= rule.max) return { subject, recentLockout }
  // Over the limit but not the attempt that crossed it: one racing the lock being set, or a
  // lock that could not be written. The window itself still holds the account.
  if (attempts.count > rule.max + 1)
    throw new TooManyAttemptsError(secondsBetween(now, attempts.resetAt), undefined, rule.max)

  const lockouts = await storage.hitRateLimit(
    rateLimitKey(deps, 'login:lockouts', subject),
    historySeconds,
    now,
  )
  const seconds = lockoutSeconds(rule.windowSeconds, lockoutBackoff, lockouts.count)
  // Every attempt probes the lock key, this one included: clear the probe, then start the lock
  // window. A probe racing in between would leave a short window; write again if so. The
  // attempts window (ending before the lock, which is at least as long) is left to expire.
  for (let i = 0; i < LOCK_WRITE_ATTEMPTS; i++) {
    await storage.resetRateLimit(lockKey)
    const written = await storage.hitRateLimit(lockKey, seconds + historySeconds, now)
    if (secondsBetween(now, written.resetAt) > historySeconds) break
  }
  throw new TooManyAttemptsError(seconds, undefined, rule.max)
}

/**
 * After a success (BF-1: "disregard previous failed attempts"): forgets the account's attempts
 * and, when it had a recent lockout, the lockout history too, so the next lock is the base one
 * again. One counter reset in the common case.
 */
export async function clearAccountLimit(deps: Deps, attempt: AccountAttempt): Promise<void> {
  if (attempt.recentLockout) await resetRateLimit(deps, 'login:account', attempt.subject)
  else await deps.storage.resetRateLimit(rateLimitKey(deps, 'login:account', attempt.subject))
}
