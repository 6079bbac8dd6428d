import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Storage } from '@portcullis/core'
import { storageConformance } from '@portcullis/core/testing'
import { afterAll } from 'vitest'
import { createSqliteStorage } from '../../src/sqlite/create-sqlite-storage.js'
import { d1Database } from '../helpers/d1.js'
import { sqliteDatabase } from '../helpers/sqlite.js'

const outages = new WeakMap<Storage, () => void>()
const simulateOutage = (storage: Storage) => outages.get(storage)?.()

storageConformance(
  'drizzle/sqlite (libsql, in memory)',
  async ({ clock }) => {
    const sqlite = await sqliteDatabase()
    const storage = createSqliteStorage(sqlite.db, { clock })
    outages.set(storage, sqlite.close)
    return { storage, cleanup: sqlite.close }
  },
  { simulateOutage },
)

// A file database: libsql keeps a pool of connections to it, unlike `:memory:` (one connection).
// On tmpfs where there is one, since every commit syncs the file to disk.
const directory = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'portcullis-drizzle-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

storageConformance(
  'drizzle/sqlite (libsql, file)',
  async ({ clock, testId }) => {
    const sqlite = await sqliteDatabase(`file:${join(directory, `${testId}.db`)}`)
    const storage = createSqliteStorage(sqlite.db, { clock })
    outages.set(storage, sqlite.close)
    return { storage, cleanup: sqlite.close }
  },
  { simulateOutage },
)

// drizzle-orm/d1's session (its batch binds each item's own prepared statement) over a stand-in D1
// binding; errors carry no `code`, as D1's do.
storageConformance(
  'drizzle/sqlite (drizzle-orm/d1 session, stand-in binding over libsql)',
  async ({ clock }) => {
    const d1 = await d1Database()
    const storage = createSqliteStorage(d1.db, { clock })
    outages.set(storage, d1.close)
    return { storage, cleanup: d1.close }
  },
  { simulateOutage },
)
