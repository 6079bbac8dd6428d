import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'

/**
 * A drizzle SQLite database with an asynchronous driver and a `batch` that runs its statements in
 * one transaction: libsql (`drizzle-orm/libsql`: a local file, `:memory:`, or a remote libsql /
 * Turso server, where a batch is also one round trip) or Cloudflare D1 (`drizzle-orm/d1`, where a
 * batch is one request to D1). Both are `BaseSQLiteDatabase<'async', …>` with such a `batch`; the
 * store only uses drizzle's query builder, `run` with statements without parameters (migrations)
 * and `batch`, so it reads nothing driver-specific from the results.
 */
export type SqliteDatabase = BaseSQLiteDatabase<'async', unknown, Record<string, unknown>> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>
}
