import { PGlite } from '@electric-sql/pglite'
import type { Logger } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { applyPostgresMigrations } from '../../src/migrations/apply-postgres-migrations.js'
import type { PostgresDatabase } from '../../src/postgres/postgres-database.js'

/** A PGlite that can be made to fail like a closed one, without closing the shared instance. */
export interface ClosablePglite {
  /** The instance to hand drizzle. */
  client: PGlite
  /** From now on every query, exec and transaction rejects as PGlite does once closed. */
  close(): void
}

/** A schema of the shared PGlite holding freshly migrated Portcullis tables. */
export interface PgliteSchema {
  db: PostgresDatabase
  /** Fails every later call of `db`, as closing PGlite would. */
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
 * Wraps `pg` so that one test can take "its" PGlite down while the file's instance lives on: after
 * `close()`, `query`, `exec` and `transaction` reject with PGlite's own closed error.
 *
 * @param pg - the shared instance
 * @returns the wrapped client and its switch
 */
export function closablePglite(pg: PGlite): ClosablePglite {
  let closed = false
  const failing = new Set<PropertyKey>(['query', 'exec', 'transaction', 'sql'])
  const client = new Proxy(pg, {
    get(target, property) {
      if (closed && failing.has(property)) return () => Promise.reject(new Error('PGlite is closed'))
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return {
    client,
    close() {
      closed = true
    },
  }
}

/**
 * Creates schema `name` in the shared PGlite, points the connection's `search_path` at it and
 * applies the migrations there. Tests in a file run one at a time, so the session-wide
 * `search_path` is the test's own until the next test sets another.
 *
 * @param name - the schema, e.g. the conformance suite's `testId`
 * @param logger - a drizzle logger, to count queries
 * @returns the database and its switches
 */
export async function pgliteSchema(name: string, logger?: Logger): Promise<PgliteSchema> {
  const pg = await sharedPglite()
  await pg.exec(`CREATE SCHEMA ${name}; SET search_path TO ${name}`)
  const closable = closablePglite(pg)
  const db = drizzle({ client: closable.client, ...(logger ? { logger } : {}) })
  await applyPostgresMigrations(db)
  return {
    db,
    close: closable.close,
    async drop() {
      await pg.exec(`SET search_path TO public; DROP SCHEMA ${name} CASCADE`)
    },
  }
}
