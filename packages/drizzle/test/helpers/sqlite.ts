import { type Client, createClient } from '@libsql/client'
import type { Logger } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import { applySqliteMigrations } from '../../src/migrations/apply-sqlite-migrations.js'
import type { SqliteDatabase } from '../../src/sqlite/sqlite-database.js'

/** A fresh SQLite database with the Portcullis tables. */
export interface SqliteFixture {
  db: SqliteDatabase
  client: Client
  /** Closes the client: every later call of `db` fails. Safe to call twice. */
  close(): void
}

/**
 * Opens a libsql database (in memory unless `url` says otherwise) and applies the migrations.
 *
 * @param url - a libsql URL
 * @param logger - a drizzle logger, to count queries
 * @returns the database and its switch
 */
export async function sqliteDatabase(url = ':memory:', logger?: Logger): Promise<SqliteFixture> {
  const client = createClient({ url })
  const db = drizzle({ client, ...(logger ? { logger } : {}) })
  await applySqliteMigrations(db)
  return { db, client, close: () => client.close() }
}
