import type { LibSQLDatabase } from 'drizzle-orm/libsql'

/**
 * A drizzle SQLite database on libsql (`drizzle-orm/libsql`): a local file, `:memory:`, or a
 * remote libsql / Turso server. Multi-statement writes use its `batch`, which runs them in one
 * transaction (and, remotely, one round trip).
 */
export type SqliteDatabase = LibSQLDatabase<Record<string, unknown>>
