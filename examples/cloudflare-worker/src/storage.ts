import type { Storage } from '@portcullis/core'
import { applySqliteMigrations, createSqliteStorage, type SqliteDatabase } from '@portcullis/drizzle'
import { createMemoryStorage } from '@portcullis/memory'
import { drizzle } from 'drizzle-orm/d1'
import { withSqliteErrorCodes } from './d1-errors.js'
import { withRawQueriesInBatches } from './d1-raw-batch.js'

/** Storage opened per isolate, by D1 binding: migrations run once per isolate, not per request. */
const d1Storage = new WeakMap<D1Database, Promise<Storage>>()
let memoryStorage: Storage | undefined

/**
 * The Worker's storage. With a D1 binding: `@portcullis/drizzle`'s SQLite store on
 * `drizzle-orm/d1`, the schema migrated on the isolate's first request. Without one: memory,
 * **per isolate** — every isolate (and every restart) has its own users; for the local demo only.
 *
 * @param db - The `DB` binding, if any.
 * @returns The storage, once ready.
 * @throws {StorageUnavailableError} When the D1 migrations fail (the next request tries again).
 */
export function openStorage(db: D1Database | undefined): Promise<Storage> {
  if (!db) {
    memoryStorage ??= createMemoryStorage()
    return Promise.resolve(memoryStorage)
  }
  let opened = d1Storage.get(db)
  if (!opened) {
    opened = openD1(db)
    d1Storage.set(db, opened)
    opened.catch(() => d1Storage.delete(db))
  }
  return opened
}

async function openD1(binding: D1Database): Promise<Storage> {
  // @portcullis/drizzle types its SQLite store as libsql; drizzle's D1 database has the same
  // query builder, `run` and `batch` (one transaction), which is all the store uses. See README.
  const client = withSqliteErrorCodes(binding)
  const db = withRawQueriesInBatches(drizzle(client), client) as unknown as SqliteDatabase
  await applySqliteMigrations(db)
  return createSqliteStorage(db)
}
