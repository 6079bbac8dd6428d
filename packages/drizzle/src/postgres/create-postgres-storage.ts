import { systemClock } from '@portcullis/core'
import { purgeBatchSize } from '../records/purge-batch-size.js'
import type { DrizzleStorage, DrizzleStorageOptions } from '../types.js'
import { createPostgresApiKeyStore } from './api-key-store.js'
import { createPostgresPasskeyStore } from './passkey-store.js'
import type { PostgresDatabase } from './postgres-database.js'
import { purgeExpiredPostgres } from './purge-expired.js'
import { createPostgresRateLimitStore } from './rate-limit-store.js'
import { createPostgresRefreshTokenStore } from './refresh-token-store.js'
import { createPostgresSessionStore } from './session-store.js'
import { createPostgresTokenStore } from './token-store.js'
import { createPostgresTwoFactorStore } from './two-factor-store.js'
import { createPostgresUserStore } from './user-store.js'

/**
 * Creates Portcullis storage on PostgreSQL through drizzle-orm: a real server through
 * node-postgres, or PGlite (embedded PostgreSQL) with the same code. The tables must exist
 * (`applyPostgresMigrations(db)`, the SQL under `migrations/postgres/`, or drizzle-kit with
 * `portcullisPgTables`) in a schema on the connection's `search_path`.
 *
 * Every method is one statement: a session check is one query joining session and user, an
 * API-key check one query joining key and user, a passkey lookup one query joining passkey and
 * user, consuming a token or a backup code is one `DELETE … RETURNING`, a rate-limit hit one
 * upsert, the password rehash, a TOTP step and a passkey's counter a compare-and-set `UPDATE`, a
 * refresh-token rotation one statement spending the token and inserting its successor (plus one
 * more, deleting the family, when the token was already spent). Unique emails, usernames and
 * credential ids are enforced by unique indexes. A
 * database failure rejects with `StorageUnavailableError` (its `cause` is the driver's error),
 * having written nothing.
 *
 * @param db - a drizzle database from `drizzle-orm/node-postgres` or `drizzle-orm/pglite`
 * @param options - the clock `purgeExpired` defaults to
 * @returns the storage, with `purgeExpired`
 * @example
 * ```ts
 * import { drizzle } from 'drizzle-orm/node-postgres'
 * import pg from 'pg'
 * import { applyPostgresMigrations, createPostgresStorage } from '@portcullis/drizzle'
 *
 * const db = drizzle(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * await applyPostgresMigrations(db)
 * const auth = createAuth({ storage: createPostgresStorage(db), origins: 'https://app.example.com' })
 * ```
 */
export function createPostgresStorage(
  db: PostgresDatabase,
  options: DrizzleStorageOptions = {},
): DrizzleStorage {
  const clock = options.clock ?? systemClock
  return {
    ...createPostgresUserStore(db),
    ...createPostgresSessionStore(db),
    ...createPostgresTokenStore(db),
    ...createPostgresRateLimitStore(db),
    ...createPostgresRefreshTokenStore(db),
    ...createPostgresApiKeyStore(db),
    ...createPostgresTwoFactorStore(db),
    ...createPostgresPasskeyStore(db),
    async purgeExpired(purgeOptions = {}) {
      const batchSize = purgeBatchSize(purgeOptions.batchSize)
      return purgeExpiredPostgres(db, purgeOptions.now ?? clock.now(), batchSize)
    },
  }
}
