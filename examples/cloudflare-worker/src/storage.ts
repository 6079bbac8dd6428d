import type { Storage } from '@portcullis/core'
import { applySqliteMigrations, createSqliteStorage } from '@portcullis/drizzle'
import { createMemoryStorage } from '@portcullis/memory'
import { drizzle } from 'drizzle-orm/d1'

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
  const db = drizzle(binding)
  await applySqliteMigrations(db)
  return createSqliteStorage(db)
}
