import { type Client, createClient } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { applySqliteMigrations } from '../../src/migrations/apply-sqlite-migrations.js'
import type { SqliteDatabase } from '../../src/sqlite/sqlite-database.js'
import { instrument } from './instrument.js'

/** A fresh SQLite database with the Portcullis tables. */
export interface SqliteFixture {
  db: SqliteDatabase
  /** The real client, for statements the test runs itself. */
  client: Client
  /** Calls the client received from `db` since the last `resetCalls` (`execute`, `batch`, …). */
  readonly calls: readonly string[]
  resetCalls(): void
  /** Closes the client: every later call of `db` fails. Safe to call twice. */
  close(): void
}

/**
 * Opens a libsql database (in memory unless `url` says otherwise) and applies the migrations.
 *
 * @param url - a libsql URL
 * @param options - `migrate: false` to leave the database empty
 * @returns the database and its controls
 */
export async function sqliteDatabase(
  url = ':memory:',
  options: { migrate?: boolean } = {},
): Promise<SqliteFixture> {
  const client = createClient({ url })
  const wrapped = instrument(
    client,
    ['execute', 'batch', 'transaction', 'executeMultiple', 'migrate'],
    () => new Error('The client is closed'),
  )
  const db = drizzle({ client: wrapped.client })
  if (options.migrate !== false) await applySqliteMigrations(db)
  wrapped.reset()
  return {
    db,
    client,
    calls: wrapped.calls,
    resetCalls: wrapped.reset,
    close: () => client.close(),
  }
}
