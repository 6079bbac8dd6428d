import type { PostgresDatabase } from './postgres-database.js'

/** What node-postgres (`Pool`, `Client`) and PGlite have in common. */
export interface QueryClient {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>
}

/**
 * The driver client behind `db` when it takes `query(text, values)` (node-postgres, PGlite), so
 * that a hot query can skip drizzle's query building; null for other drivers (postgres-js).
 *
 * @param db - the drizzle PostgreSQL database
 * @returns the client, or null
 */
export function queryClientOf(db: PostgresDatabase): QueryClient | null {
  const client: unknown = (db as { $client?: unknown }).$client
  if (typeof client !== 'object' || client === null) return null
  // postgres-js exposes a function as its client, not an object with query(text, values).
  return typeof (client as { query?: unknown }).query === 'function' ? (client as QueryClient) : null
}

/**
 * The rows of what drizzle's `execute` returned: an array (postgres-js) or an object with `rows`
 * (node-postgres, PGlite).
 *
 * @param result - what `execute` resolved to
 * @returns its rows
 * @throws {TypeError} when it holds no rows
 */
export function rowsOf(result: unknown): unknown[] {
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown }).rows
  if (!Array.isArray(rows)) throw new TypeError('the driver returned no rows')
  return rows
}
