import type { Logger } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { applyPostgresMigrations } from '../../src/migrations/apply-postgres-migrations.js'
import type { PostgresDatabase } from '../../src/postgres/postgres-database.js'

/** Connections per test pool: enough for the concurrency cases, few enough for a shared server. */
const POOL_SIZE = 5

/** A schema on the real server holding freshly migrated Portcullis tables, with its own pool. */
export interface ServerSchema {
  db: PostgresDatabase
  pool: pg.Pool
  /** Ends the pool: every later call of `db` fails. Safe to call twice. */
  close(): Promise<void>
  /** Ends the pool and drops the schema. */
  drop(): Promise<void>
}

/**
 * A pool for administration (creating and dropping schemas) on the server at `url`.
 *
 * @param url - the `DATABASE_URL`
 * @returns a small pool; end it in `afterAll`
 */
export function adminPool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 2 })
}

/**
 * Creates schema `name` on the server, a pool whose connections use it as `search_path`, and
 * applies the migrations there. Every test has its own schema, so parallel test files and CI runs
 * never see each other's rows.
 *
 * @param admin - the administration pool
 * @param url - the `DATABASE_URL`
 * @param name - the schema, e.g. the conformance suite's `testId`
 * @param logger - a drizzle logger, to count queries
 * @returns the database and its switches
 */
export async function serverSchema(
  admin: pg.Pool,
  url: string,
  name: string,
  logger?: Logger,
): Promise<ServerSchema> {
  await admin.query(`CREATE SCHEMA ${name}`)
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, options: `-c search_path=${name}` })
  const db = drizzle({ client: pool, ...(logger ? { logger } : {}) })
  let ended = false
  const close = async () => {
    if (ended) return
    ended = true
    await pool.end()
  }
  try {
    await applyPostgresMigrations(db)
  } catch (error) {
    await close()
    await admin.query(`DROP SCHEMA ${name} CASCADE`)
    throw error
  }
  return {
    db,
    pool,
    close,
    async drop() {
      await close()
      await admin.query(`DROP SCHEMA ${name} CASCADE`)
    },
  }
}
