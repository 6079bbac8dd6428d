import { sql } from 'drizzle-orm'
import { storageError } from '../errors/storage-errors.js'
import type { PostgresDatabase } from '../postgres/postgres-database.js'
import { portcullisPgMigrations } from '../schema/postgres-schema.js'
import type { AppliedMigrations } from '../types.js'
import { splitStatements } from './migration.js'
import { postgresMigrations } from './postgres-migrations.js'

/**
 * The bookkeeping table, created before anything is read from it. `0001_init.sql` starts with the
 * same statement, so a database migrated by hand (psql -f) has it too.
 */
export const POSTGRES_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS portcullis_migrations (
  version text NOT NULL,
  applied_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT portcullis_migrations_pkey PRIMARY KEY (version)
);`

/**
 * Brings the Portcullis tables up to date on PostgreSQL or PGlite: applies, in order, the
 * migrations under `migrations/postgres/` that `portcullis_migrations` does not list, in the
 * schema the connection's `search_path` selects. Everything runs in one transaction that first
 * takes an advisory lock for that schema, so concurrent callers (several app instances starting
 * at once) apply each migration exactly once and a failure leaves nothing half-applied. Safe to
 * call on every start: when up to date it reads one row and commits.
 *
 * @param db - a drizzle database from `drizzle-orm/node-postgres` or `drizzle-orm/pglite`
 * @returns the versions this call applied
 * @throws {StorageUnavailableError} when the database fails; nothing of the failed call remains
 * @example
 * ```ts
 * const db = drizzle(new PGlite('./.data/auth'))
 * await applyPostgresMigrations(db)   // { applied: ['0001_init'] } the first time, then { applied: [] }
 * ```
 */
export async function applyPostgresMigrations(db: PostgresDatabase): Promise<AppliedMigrations> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT pg_advisory_xact_lock(hashtext('portcullis_migrations'), hashtext(coalesce(current_schema(), '')))`,
      )
      await tx.execute(sql.raw(POSTGRES_MIGRATIONS_TABLE_SQL))
      const rows = await tx.select({ version: portcullisPgMigrations.version }).from(portcullisPgMigrations)
      const done = new Set(rows.map((row) => row.version))
      const applied: string[] = []
      for (const migration of postgresMigrations) {
        if (done.has(migration.version)) continue
        for (const statement of splitStatements(migration.sql)) await tx.execute(sql.raw(statement))
        applied.push(migration.version)
      }
      return { applied }
    })
  } catch (error) {
    throw storageError('applyPostgresMigrations', error)
  }
}
