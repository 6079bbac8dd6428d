import type { SQLWrapper } from 'drizzle-orm'
import type { DrizzleD1Database } from 'drizzle-orm/d1'

/** What drizzle's D1 session reads from a batch item it did not prepare itself. */
interface RawQuery {
  getQuery(): { sql: string; params: unknown[] }
  stmt?: D1PreparedStatement
}

/**
 * Lets `db.run(sql\`…${param}\`)` take part in `db.batch([...])` on D1. drizzle-orm 0.45.4's D1
 * session binds a batch item's parameters to `item.stmt`, which a raw `db.run(...)` query does
 * not have, so such a batch throws `Cannot read properties of undefined (reading 'bind')`
 * before reaching the database. `@portcullis/drizzle`'s refresh-token rotation batches one such
 * query (an `INSERT … SELECT`). This gives each raw query the statement prepared from its own SQL.
 *
 * @param db - The drizzle D1 database.
 * @param binding - The D1 binding it runs on.
 * @returns `db`, with `run` patched.
 * @example
 * const db = withRawQueriesInBatches(drizzle(env.DB), env.DB)
 */
export function withRawQueriesInBatches<D extends DrizzleD1Database<Record<string, unknown>>>(
  db: D,
  binding: D1Database,
): D {
  const run = db.run.bind(db)
  db.run = ((query: SQLWrapper | string) => {
    const raw = run(query) as unknown as RawQuery & ReturnType<typeof run>
    if (raw.stmt === undefined) raw.stmt = binding.prepare(raw.getQuery().sql)
    return raw
  }) as typeof db.run
  return db
}
