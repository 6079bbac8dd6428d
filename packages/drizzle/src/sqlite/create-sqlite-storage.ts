import { systemClock } from '@portcullis/core'
import { purgeBatchSize } from '../records/purge-batch-size.js'
import type { DrizzleStorage, DrizzleStorageOptions } from '../types.js'
import { createSqliteApiKeyStore } from './api-key-store.js'
import { createSqlitePasskeyStore } from './passkey-store.js'
import { purgeExpiredSqlite } from './purge-expired.js'
import { createSqliteRateLimitStore } from './rate-limit-store.js'
import { createSqliteRefreshTokenStore } from './refresh-token-store.js'
import { createSqliteSessionStore } from './session-store.js'
import type { SqliteDatabase } from './sqlite-database.js'
import { createSqliteTokenStore } from './token-store.js'
import { createSqliteTwoFactorStore } from './two-factor-store.js'
import { createSqliteUserStore } from './user-store.js'

/**
 * Creates Portcullis storage on SQLite through drizzle-orm, on libsql (a local file, `:memory:`,
 * or a remote libsql server) or Cloudflare D1. The tables must exist (`applySqliteMigrations(db)`, the SQL under
 * `migrations/sqlite/`, or drizzle-kit with `portcullisSqliteTables`).
 *
 * Every method is one statement except `deleteUser`, which deletes the user's sessions, one-time
 * tokens, refresh tokens, API keys, TOTP factor, backup codes, passkeys and the user in one batch
 * (one transaction), `replaceBackupCodes`, one batch deleting the old codes and inserting the
 * new, and `rotateRefreshToken`, one batch that deletes a reused token's family or spends a live
 * token and inserts its successor. A session check is one query joining session and user, an
 * API-key check one query joining key and user, a passkey lookup one query joining passkey and
 * user; consuming a token or a backup code is one `DELETE … RETURNING`; a rate-limit hit one
 * upsert. Dates are
 * stored as integer milliseconds. A database failure rejects with `StorageUnavailableError` (its
 * `cause` is the driver's error), having written nothing.
 *
 * @param db - a drizzle database from `drizzle-orm/libsql` or `drizzle-orm/d1`
 * @param options - the clock `purgeExpired` defaults to
 * @returns the storage, with `purgeExpired`
 * @example
 * ```ts
 * import { createClient } from '@libsql/client'
 * import { drizzle } from 'drizzle-orm/libsql'
 * import { applySqliteMigrations, createSqliteStorage } from '@portcullis/drizzle'
 *
 * const db = drizzle(createClient({ url: 'file:auth.db' }))
 * await applySqliteMigrations(db)
 * const storage = createSqliteStorage(db)
 * // On Cloudflare D1: createSqliteStorage(drizzle(env.DB)), with `drizzle` from 'drizzle-orm/d1'
 * ```
 */
export function createSqliteStorage(db: SqliteDatabase, options: DrizzleStorageOptions = {}): DrizzleStorage {
  const clock = options.clock ?? systemClock
  return {
    ...createSqliteUserStore(db),
    ...createSqliteSessionStore(db),
    ...createSqliteTokenStore(db),
    ...createSqliteRateLimitStore(db),
    ...createSqliteRefreshTokenStore(db),
    ...createSqliteApiKeyStore(db),
    ...createSqliteTwoFactorStore(db),
    ...createSqlitePasskeyStore(db),
    async purgeExpired(purgeOptions = {}) {
      const batchSize = purgeBatchSize(purgeOptions.batchSize)
      return purgeExpiredSqlite(db, purgeOptions.now ?? clock.now(), batchSize)
    },
  }
}
