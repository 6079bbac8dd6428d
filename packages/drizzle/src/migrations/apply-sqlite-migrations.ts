import { sql } from 'drizzle-orm'
import { storageError } from '../errors/storage-errors.js'
import { portcullisSqliteMigrations } from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from '../sqlite/sqlite-database.js'
import type { AppliedMigrations } from '../types.js'
import { splitStatements } from './migration.js'
import { sqliteMigrations } from './sqlite-migrations.js'

/**
 * The bookkeeping table, created before anything is read from it. `0001_init.sql` starts with the
 * same statement, so a database migrated by hand has it too.
 */
export const SQLITE_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS portcullis_migrations (
  version TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  CONSTRAINT portcullis_migrations_pkey PRIMARY KEY (version)
);`

/**
 * Brings the Portcullis tables up to date on SQLite (libsql or D1): applies, in order, the migrations
 * under `migrations/sqlite/` that `portcullis_migrations` does not list. Each migration runs as
 * one batch, which is one transaction on libsql and on D1, and records its own version inside it; when a
 * batch fails because another process applied that migration meanwhile, the call carries on. Safe
 * to call on every start.
 *
 * @param db - a drizzle database from `drizzle-orm/libsql` or `drizzle-orm/d1`
 * @returns the versions this call applied
 * @throws {StorageUnavailableError} when the database fails; the failed migration left nothing
 * @example
 * ```ts
 * const db = drizzle(createClient({ url: 'file:auth.db' }))
 * await applySqliteMigrations(db)
 * ```
 */
export async function applySqliteMigrations(db: SqliteDatabase): Promise<AppliedMigrations> {
  try {
    await db.run(sql.raw(SQLITE_MIGRATIONS_TABLE_SQL))
    const done = await appliedVersions(db)
    const applied: string[] = []
    for (const migration of sqliteMigrations) {
      if (done.has(migration.version)) continue
      const [first, ...rest] = splitStatements(migration.sql).map((statement) => db.run(sql.raw(statement)))
      if (first === undefined) continue
      try {
        await db.batch([first, ...rest])
      } catch (error) {
        if ((await appliedVersions(db)).has(migration.version)) continue
        throw error
      }
      applied.push(migration.version)
    }
    return { applied }
  } catch (error) {
    throw storageError('applySqliteMigrations', error)
  }
}

async function appliedVersions(db: SqliteDatabase): Promise<Set<string>> {
  const rows = await db
    .select({ version: portcullisSqliteMigrations.version })
    .from(portcullisSqliteMigrations)
  return new Set(rows.map((row) => row.version))
}
