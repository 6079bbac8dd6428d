import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { applyPostgresMigrations } from '../../src/migrations/apply-postgres-migrations.js'
import type { PostgresDatabase } from '../../src/postgres/postgres-database.js'
import { instrument } from './instrument.js'

/** A schema of the file's PGlite holding freshly migrated Portcullis tables. */
export interface PgliteSchema {
  db: PostgresDatabase
  /** Runs SQL (several statements allowed) in the schema, outside the counted client. */
  exec(sql: string): Promise<void>
  /** Runs one query in the schema, outside the counted client, and returns its rows. */
  query(sql: string): Promise<Record<string, unknown>[]>
  /** Calls PGlite received from `db` since the last `resetCalls` (`query`, `exec`, `transaction`). */
  readonly calls: readonly string[]
  resetCalls(): void
  /** Fails every later call of `db` with PGlite's own closed error; the file's instance lives on. */
  close(): void
  /** Drops the schema. */
  drop(): Promise<void>
}

let shared: Promise<PGlite> | undefined

/**
 * The test file's PGlite: started once per file (it takes 3–4 s), reused by every test.
 *
 * @returns the shared instance
 */
export function sharedPglite(): Promise<PGlite> {
  shared ??= PGlite.create()
  return shared
}

/**
 * Creates schema `name` in the file's PGlite, points the connection's `search_path` at it and
 * applies the migrations there. Tests in a file run one at a time, so the session-wide
 * `search_path` is the test's own until the next test sets another.
 *
 * @param name - the schema, e.g. the conformance suite's `testId`
 * @param options - `migrate: false` to leave the schema empty
 * @returns the database and its controls
 */
export async function pgliteSchema(name: string, options: { migrate?: boolean } = {}): Promise<PgliteSchema> {
  const pg = await sharedPglite()
  await pg.exec(`CREATE SCHEMA ${name}; SET search_path TO ${name}`)
  const wrapped = instrument(pg, ['query', 'exec', 'transaction'], () => new Error('PGlite is closed'))
  const db = drizzle({ client: wrapped.client })
  if (options.migrate !== false) await applyPostgresMigrations(db)
  wrapped.reset()
  return {
    db,
    exec: async (sql) => {
      await pg.exec(sql)
    },
    query: async (sql) => (await pg.query<Record<string, unknown>>(sql)).rows,
    calls: wrapped.calls,
    resetCalls: wrapped.reset,
    close: wrapped.close,
    async drop() {
      await pg.exec(`SET search_path TO public; DROP SCHEMA ${name} CASCADE`)
    },
  }
}
