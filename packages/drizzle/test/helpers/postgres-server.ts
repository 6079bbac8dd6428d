import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { applyPostgresMigrations } from '../../src/migrations/apply-postgres-migrations.js'
import type { PostgresDatabase } from '../../src/postgres/postgres-database.js'
import { instrument } from './instrument.js'

/** Connections per test pool: enough for the concurrency cases, few enough for a shared server. */
const POOL_SIZE = 5

/** A schema on the real server holding freshly migrated Portcullis tables, with its own pool. */
export interface ServerSchema {
  db: PostgresDatabase
  /** Runs SQL (several statements allowed) in the schema, outside the counted pool. */
  exec(sql: string): Promise<void>
  /** Runs one query in the schema, outside the counted pool, and returns its rows. */
  query(sql: string): Promise<Record<string, unknown>[]>
  /** Calls the pool received from `db` since the last `resetCalls` (`query`, `connect`). */
  readonly calls: readonly string[]
  resetCalls(): void
  /** Ends the pool: every later call of `db` fails as node-postgres fails. Safe to call twice. */
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
 * @param options - `migrate: false` to leave the schema empty
 * @returns the database and its controls
 */
export async function serverSchema(
  admin: pg.Pool,
  url: string,
  name: string,
  options: { migrate?: boolean } = {},
): Promise<ServerSchema> {
  await admin.query(`CREATE SCHEMA ${name}`)
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, options: `-c search_path=${name}` })
  const wrapped = instrument(
    pool,
    ['query', 'connect'],
    () => new Error('Cannot use a pool after calling end on the pool'),
  )
  const db = drizzle({ client: wrapped.client })
  let ended = false
  const close = async () => {
    if (ended) return
    ended = true
    await pool.end()
  }
  const drop = async () => {
    await close()
    await admin.query(`DROP SCHEMA ${name} CASCADE`)
  }
  try {
    if (options.migrate !== false) await applyPostgresMigrations(db)
  } catch (error) {
    await drop()
    throw error
  }
  wrapped.reset()
  const inSchema = async <T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await admin.connect()
    try {
      await client.query(`SET search_path TO ${name}`)
      return await run(client)
    } finally {
      await client.query('RESET search_path').catch(() => undefined)
      client.release()
    }
  }
  return {
    db,
    exec: (sql) =>
      inSchema(async (client) => {
        await client.query(sql)
      }),
    query: (sql) => inSchema(async (client) => (await client.query<Record<string, unknown>>(sql)).rows),
    calls: wrapped.calls,
    resetCalls: wrapped.reset,
    close,
    drop,
  }
}
