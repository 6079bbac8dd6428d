import type { Clock, Storage } from '@portcullis/core'

/** Options of `createPostgresStorage` and `createSqliteStorage`. */
export interface DrizzleStorageOptions {
  /**
   * Where {@link DrizzleStorage.purgeExpired} takes `now` from when not given one. The port's
   * methods never read it: core passes `now` to each of them.
   * @default systemClock
   */
  clock?: Clock
}

/** Options of {@link DrizzleStorage.purgeExpired}. */
export interface PurgeExpiredOptions {
  /**
   * The time to judge expiry at: a row is expired when `now >= deadline`.
   * @default the storage's clock
   */
  now?: Date
  /**
   * Rows deleted per statement. Each batch is its own short statement, so a large purge never
   * holds locks for long.
   * @default 1000
   */
  batchSize?: number
}

/** How many expired rows {@link DrizzleStorage.purgeExpired} deleted, by kind. */
export interface PurgeExpiredResult {
  sessions: number
  tokens: number
  rateLimits: number
  /**
   * Refresh tokens whose family has ended, or unspent ones past their own expiry. A spent token
   * is kept until its family ends, so that presenting it again is still caught as reuse.
   */
  refreshTokens: number
  apiKeys: number
}

/** A {@link Storage} on SQL through drizzle-orm, with a maintenance method. */
export interface DrizzleStorage extends Storage {
  /**
   * Deletes every session, one-time token, rate-limit counter, API key and refresh token expired
   * at `now` (for a refresh token: its family has ended, or it is unspent and past its own
   * expiry), in batches of `batchSize` rows, until none is left. Expired rows are already absent on read; call this now
   * and then (a cron job, a `setInterval`) so that rows nobody reads again do not pile up.
   *
   * @param options - `now` and the batch size
   * @returns how many rows of each kind were deleted
   * @throws {RangeError} when `batchSize` is not a positive integer
   * @throws {StorageUnavailableError} when the database fails (batches already done stay done)
   */
  purgeExpired(options?: PurgeExpiredOptions): Promise<PurgeExpiredResult>
}

/** What `applyPostgresMigrations` and `applySqliteMigrations` did. */
export interface AppliedMigrations {
  /** Versions applied by this call, in order; empty when the database was up to date. */
  applied: string[]
}
