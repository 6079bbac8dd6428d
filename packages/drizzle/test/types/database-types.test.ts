import { createClient } from '@libsql/client'
import { drizzle as d1Drizzle } from 'drizzle-orm/d1'
import { drizzle as libsqlDrizzle } from 'drizzle-orm/libsql'
import { drizzle as nodePostgresDrizzle } from 'drizzle-orm/node-postgres'
import { pgTable, text } from 'drizzle-orm/pg-core'
import { drizzle as pgliteDrizzle } from 'drizzle-orm/pglite'
import { sqliteTable, text as sqliteText } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import { createPostgresStorage } from '../../src/postgres/create-postgres-storage.js'
import { portcullisPgTables } from '../../src/schema/postgres-schema.js'
import { portcullisSqliteTables } from '../../src/schema/sqlite-schema.js'
import { createSqliteStorage } from '../../src/sqlite/create-sqlite-storage.js'
import { FakeD1Database } from '../helpers/d1.js'

// These calls type-check the factories against the databases apps build; drizzle's mocks never
// connect, and creating a storage runs no query.
const appPgTable = pgTable('app_notes', { id: text('id').primaryKey() })
const appSqliteTable = sqliteTable('app_notes', { id: sqliteText('id').primaryKey() })

describe('the factories accept the drizzle databases apps build', () => {
  it('node-postgres and PGlite, with or without a schema that includes the Portcullis tables', () => {
    const storages = [
      createPostgresStorage(nodePostgresDrizzle.mock()),
      createPostgresStorage(nodePostgresDrizzle.mock({ schema: { ...portcullisPgTables, appPgTable } })),
      createPostgresStorage(pgliteDrizzle.mock()),
      createPostgresStorage(pgliteDrizzle.mock({ schema: { ...portcullisPgTables, appPgTable } })),
    ]
    for (const storage of storages) expect(typeof storage.getSessionAndUser).toBe('function')
  })

  it('libsql, with or without a schema that includes the Portcullis tables', () => {
    const storages = [
      createSqliteStorage(libsqlDrizzle.mock()),
      createSqliteStorage(libsqlDrizzle.mock({ schema: { ...portcullisSqliteTables, appSqliteTable } })),
    ]
    for (const storage of storages) expect(typeof storage.purgeExpired).toBe('function')
  })

  it('D1, with or without a schema that includes the Portcullis tables', () => {
    const binding = new FakeD1Database(createClient({ url: ':memory:' }))
    const storages = [
      createSqliteStorage(d1Drizzle(binding)),
      createSqliteStorage(d1Drizzle(binding, { schema: { ...portcullisSqliteTables, appSqliteTable } })),
    ]
    for (const storage of storages) expect(typeof storage.purgeExpired).toBe('function')
    binding.client.close()
  })
})
