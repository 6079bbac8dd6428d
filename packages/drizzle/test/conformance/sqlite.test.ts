import type { Storage } from '@portcullis/core'
import { storageConformance } from '@portcullis/core/testing'
import { createSqliteStorage } from '../../src/sqlite/create-sqlite-storage.js'
import { sqliteDatabase } from '../helpers/sqlite.js'

const outages = new WeakMap<Storage, () => void>()

storageConformance(
  'drizzle/sqlite (libsql, in memory)',
  async ({ clock }) => {
    const sqlite = await sqliteDatabase()
    const storage = createSqliteStorage(sqlite.db, { clock })
    outages.set(storage, sqlite.close)
    return { storage, cleanup: sqlite.close }
  },
  { simulateOutage: (storage) => outages.get(storage)?.() },
)
