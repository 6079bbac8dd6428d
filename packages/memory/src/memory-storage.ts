import { type Clock, type Storage, systemClock } from '@portcullis/core'
import { createApiKeyStore } from './api-key-store.js'
import { createPasskeyStore } from './passkey-store.js'
import { createRateLimitStore } from './rate-limit-store.js'
import { createRefreshTokenStore } from './refresh-token-store.js'
import { createSessionStore } from './session-store.js'
import {
  createMemoryState,
  isApiKeyExpired,
  isPast,
  isRefreshTokenDead,
  isSessionExpired,
  type MemoryState,
  removeApiKey,
  removeRefreshToken,
  removeSession,
  removeToken,
} from './state.js'
import { createTokenStore } from './token-store.js'
import { createTwoFactorStore } from './two-factor-store.js'
import { createUserStore } from './user-store.js'

/** Options of {@link createMemoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Where {@link MemoryStorage.purgeExpired} takes `now` from when called without one. The port's
   * methods never read it: core passes `now` to each of them.
   * @default systemClock
   */
  clock?: Clock
}

/** How many expired records {@link MemoryStorage.purgeExpired} removed, by kind. */
export interface MemoryPurgeResult {
  sessions: number
  tokens: number
  rateLimits: number
  /** Refresh tokens whose family has ended, or unspent ones past their own expiry. */
  refreshTokens: number
  apiKeys: number
}

/** How many records the store holds, by kind, expired ones not yet purged included. */
export interface MemoryStorageStats {
  users: number
  sessions: number
  tokens: number
  rateLimits: number
  /** Refresh tokens, spent ones kept for reuse detection included. */
  refreshTokens: number
  apiKeys: number
  /** TOTP factors, pending ones included. */
  totpFactors: number
  passkeys: number
}

/** A {@link Storage} kept in this process's memory, with two maintenance methods. */
export interface MemoryStorage extends Storage {
  /**
   * Removes every session, one-time token, rate-limit counter and API key expired at `now`
   * (`now >= deadline`), and every refresh token whose family has ended or that is unspent and
   * past its own expiry (a spent token is kept until its family ends, to recognise reuse).
   * Expired records are already absent on read and removed when a read comes across them; call
   * this now and then (a `setInterval`) so that records nobody reads again do not pile up.
   *
   * @param now - the time to judge expiry at; defaults to the options' clock
   * @returns how many records of each kind were removed
   */
  purgeExpired(now?: Date): MemoryPurgeResult
  /**
   * Counts the records held, expired ones not yet purged included: for monitoring and tests.
   *
   * @returns the number of records of each kind
   */
  stats(): MemoryStorageStats
}

/**
 * Creates storage that keeps users, sessions, one-time tokens, rate-limit counters, refresh
 * tokens, API keys, second factors and passkeys in Maps, for development, tests and single-process apps. Every method
 * checks and writes without an `await` in between, so on one event loop uniqueness,
 * consume-once, refresh-token rotation and counting are atomic.
 * Records are deep-copied on the way in and out. Everything is lost when the process exits,
 * and nothing is shared between processes: do not use it behind a load balancer or in a
 * cluster, where sessions and rate limits must be shared.
 *
 * @param options - the clock `purgeExpired` defaults to
 * @returns a fresh, empty store
 * @example
 * ```ts
 * import { createAuth } from '@portcullis/core'
 * import { createMemoryStorage } from '@portcullis/memory'
 *
 * const storage = createMemoryStorage()
 * const auth = createAuth({ storage, origins: 'http://localhost:8787' })
 * setInterval(() => storage.purgeExpired(), 60_000).unref()
 * ```
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): MemoryStorage {
  const clock = options.clock ?? systemClock
  const state = createMemoryState()
  return {
    ...createUserStore(state),
    ...createSessionStore(state),
    ...createTokenStore(state),
    ...createRateLimitStore(state),
    ...createRefreshTokenStore(state),
    ...createApiKeyStore(state),
    ...createTwoFactorStore(state),
    ...createPasskeyStore(state),
    purgeExpired: (now = clock.now()) => purgeExpired(state, now),
    stats: () => ({
      users: state.users.size,
      sessions: state.sessions.size,
      tokens: state.tokens.size,
      rateLimits: state.counters.size,
      refreshTokens: state.refreshTokens.size,
      apiKeys: state.apiKeys.size,
      totpFactors: state.totpFactors.size,
      passkeys: state.passkeys.size,
    }),
  }
}

function purgeExpired(state: MemoryState, now: Date): MemoryPurgeResult {
  const result: MemoryPurgeResult = { sessions: 0, tokens: 0, rateLimits: 0, refreshTokens: 0, apiKeys: 0 }
  for (const [id, session] of state.sessions) {
    if (isSessionExpired(session, now) && removeSession(state, id)) result.sessions += 1
  }
  for (const [key, token] of state.tokens) {
    if (isPast(token.expiresAt, now) && removeToken(state, key)) result.tokens += 1
  }
  for (const [hash, token] of state.refreshTokens) {
    if (isRefreshTokenDead(token, now) && removeRefreshToken(state, hash)) result.refreshTokens += 1
  }
  for (const [id, key] of state.apiKeys) {
    if (isApiKeyExpired(key, now) && removeApiKey(state, id)) result.apiKeys += 1
  }
  const nowMs = now.getTime()
  for (const [key, counter] of state.counters) {
    if (nowMs >= counter.resetAtMs && state.counters.delete(key)) result.rateLimits += 1
  }
  return result
}
