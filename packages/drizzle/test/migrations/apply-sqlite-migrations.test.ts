import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { StorageUnavailableError } from '@portcullis/core'
import { buildApiKey, buildPasskey, buildToken, buildUser } from '@portcullis/core/testing'
import { drizzle } from 'drizzle-orm/libsql'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { applySqliteMigrations } from '../../src/migrations/apply-sqlite-migrations.js'
import { sqliteMigrations } from '../../src/migrations/sqlite-migrations.js'
import { portcullisSqliteTables } from '../../src/schema/sqlite-schema.js'
import { createSqliteStorage } from '../../src/sqlite/create-sqlite-storage.js'
import { type SqliteFixture, sqliteDatabase } from '../helpers/sqlite.js'

const ALL_VERSIONS = sqliteMigrations.map((migration) => migration.version)
const TABLES = [
  'portcullis_api_keys',
  'portcullis_backup_codes',
  'portcullis_migrations',
  'portcullis_passkeys',
  'portcullis_rate_limits',
  'portcullis_refresh_tokens',
  'portcullis_sessions',
  'portcullis_tokens',
  'portcullis_totp_factors',
  'portcullis_users',
]

describe('applySqliteMigrations', () => {
  let fixture: SqliteFixture | undefined
  afterEach(() => {
    fixture?.close()
    fixture = undefined
  })
  const empty = async () => {
    fixture = await sqliteDatabase(':memory:', { migrate: false })
    return fixture
  }
  const rows = async (db: SqliteFixture, sql: string) => (await db.client.execute(sql)).rows
  const tables = async (db: SqliteFixture) =>
    (
      await rows(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'portcullis%' ORDER BY name",
      )
    ).map((row) => row.name)

  it('applies every migration once, then nothing: safe to run on every start', async () => {
    const db = await empty()
    expect(await applySqliteMigrations(db.db)).toEqual({ applied: ALL_VERSIONS })
    expect(await applySqliteMigrations(db.db)).toEqual({ applied: [] })
    expect(await tables(db)).toEqual(TABLES)
    const recorded = await rows(db, 'SELECT version, applied_at FROM portcullis_migrations')
    expect(recorded.map((row) => row.version)).toEqual(ALL_VERSIONS)
    expect(Math.abs(Number(recorded[0]?.applied_at) - Date.now())).toBeLessThan(60_000)
  })

  it('concurrent callers on one client apply each migration exactly once', async () => {
    const db = await empty()
    const results = await Promise.all(Array.from({ length: 5 }, () => applySqliteMigrations(db.db)))
    expect(results.filter((result) => result.applied.length > 0)).toEqual([{ applied: ALL_VERSIONS }])
  })

  describe('on a file shared by two clients (two app instances)', () => {
    const directory = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'portcullis-migrate-'))
    afterAll(() => rmSync(directory, { recursive: true, force: true }))

    it('each migration is applied by exactly one of them', async () => {
      const url = `file:${join(directory, 'shared.db')}`
      const clients = [createClient({ url }), createClient({ url })]
      try {
        const results = await Promise.all(clients.map((client) => applySqliteMigrations(drizzle({ client }))))
        expect(results.flatMap((result) => result.applied)).toEqual(ALL_VERSIONS)
        expect(await applySqliteMigrations(drizzle({ client: clients[1] ?? createClient({ url }) }))).toEqual(
          {
            applied: [],
          },
        )
      } finally {
        for (const client of clients) client.close()
      }
    })
  })

  it('applies the later migrations on top of a database at 0001_init, keeping its rows, and only once', async () => {
    const db = await empty()
    const [init] = sqliteMigrations
    if (!init) throw new Error('no migrations')
    await db.client.executeMultiple(init.sql)
    const storage = createSqliteStorage(db.db)
    const user = buildUser()
    await storage.createUser(user)

    expect(await applySqliteMigrations(db.db)).toEqual({ applied: ALL_VERSIONS.slice(1) })
    expect(await applySqliteMigrations(db.db)).toEqual({ applied: [] })
    expect(await tables(db)).toEqual(TABLES)
    expect(await storage.getUserById(user.id)).toEqual(user)
    const apiKey = buildApiKey({ userId: user.id })
    await storage.createApiKey(apiKey)
    expect(await storage.getApiKeyAndUser(apiKey.keyHash, new Date())).toEqual({ apiKey, user })
  })

  it('applies 0003_two_factor on top of 0002_tokens: the rebuilt token table keeps its rows, indexes and foreign key', async () => {
    const db = await empty()
    for (const migration of sqliteMigrations.slice(0, 2)) await db.client.executeMultiple(migration.sql)
    const storage = createSqliteStorage(db.db)
    const user = buildUser()
    await storage.createUser(user)
    const now = new Date()
    const tokens = Array.from({ length: 3 }, (_, i) =>
      buildToken({ userId: user.id, purpose: `purpose_${i}`, data: { i, text: 'Zoë "q"' }, createdAt: now }),
    )
    for (const token of tokens) await storage.createToken(token)

    expect(await applySqliteMigrations(db.db)).toEqual({ applied: ['0003_two_factor'] })
    expect(await applySqliteMigrations(db.db)).toEqual({ applied: [] })
    expect(await tables(db)).toEqual(TABLES)
    const indexes = await rows(
      db,
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'portcullis_tokens' AND sql IS NOT NULL ORDER BY name",
    )
    expect(indexes.map((row) => row.name)).toEqual([
      'portcullis_tokens_expires_at_idx',
      'portcullis_tokens_user_id_idx',
    ])
    const foreignKeys = await rows(db, 'PRAGMA foreign_key_list(portcullis_tokens)')
    expect(foreignKeys.map((key) => [key.table, key.from, key.to, key.on_delete])).toEqual([
      ['portcullis_users', 'user_id', 'id', 'CASCADE'],
    ])
    for (const token of tokens)
      expect(await storage.consumeToken(token.purpose, token.tokenHash, now)).toEqual(token)
    const unbound = buildToken({ userId: null, purpose: 'passkey_login', createdAt: now })
    await storage.createToken(unbound)
    expect(await storage.consumeToken('passkey_login', unbound.tokenHash, now)).toEqual(unbound)
    const passkey = buildPasskey({ userId: user.id, createdAt: now })
    await storage.createPasskey(passkey)
    expect(await storage.getPasskeyAndUser(passkey.credentialId)).toEqual({ passkey, user })
  })

  it('recognises a database migrated by hand with the .sql file', async () => {
    const db = await empty()
    for (const migration of sqliteMigrations) await db.client.executeMultiple(migration.sql)
    expect(await applySqliteMigrations(db.db)).toEqual({ applied: [] })
    expect(await createSqliteStorage(db.db).listUsers({ limit: 1 })).toEqual([])
  })

  it('a statement failing part-way leaves nothing behind, and a later run starts over cleanly', async () => {
    const db = await empty()
    // The last table the migration creates already exists: its CREATE TABLE fails late.
    await db.client.execute('CREATE TABLE portcullis_rate_limits (unrelated INTEGER)')
    await expect(applySqliteMigrations(db.db)).rejects.toBeInstanceOf(StorageUnavailableError)
    expect(await tables(db)).toEqual(['portcullis_migrations', 'portcullis_rate_limits'])
    expect(await rows(db, 'SELECT * FROM portcullis_migrations')).toEqual([])
    await db.client.execute('DROP TABLE portcullis_rate_limits')
    expect(await applySqliteMigrations(db.db)).toEqual({ applied: ALL_VERSIONS })
  })

  it('creates exactly the tables, columns, indexes and foreign keys of the drizzle schema', async () => {
    const db = await empty()
    await applySqliteMigrations(db.db)
    for (const table of Object.values(portcullisSqliteTables) as SQLiteTable[]) {
      const config = getTableConfig(table)
      const columns = await rows(db, `PRAGMA table_info(${config.name})`)
      expect(
        columns.map((column) => ({ name: column.name, type: column.type, notNull: column.notnull === 1 })),
      ).toEqual(
        config.columns.map((column) => ({
          name: column.name,
          type: column.getSQLType().toUpperCase(),
          notNull: column.notNull,
        })),
      )
      const primary = columns
        .filter((column) => Number(column.pk) > 0)
        .sort((a, b) => Number(a.pk) - Number(b.pk))
        .map((column) => column.name)
      expect(primary).toEqual(
        config.primaryKeys[0]?.columns.map((column) => column.name) ??
          config.columns.filter((column) => column.primary).map((column) => column.name),
      )

      const indexes = (await rows(db, `PRAGMA index_list(${config.name})`)).filter(
        (index) => index.origin === 'c',
      )
      const described = []
      for (const index of indexes) {
        const indexColumns = await rows(db, `PRAGMA index_info(${String(index.name)})`)
        described.push({
          name: index.name,
          unique: index.unique === 1,
          columns: indexColumns.map((column) => column.name),
        })
      }
      expect(described.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
        config.indexes
          .map((index) => ({
            name: index.config.name,
            unique: index.config.unique,
            columns: index.config.columns.map((column) => ('name' in column ? column.name : '')),
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      )

      const foreignKeys = await rows(db, `PRAGMA foreign_key_list(${config.name})`)
      expect(
        foreignKeys.map((key) => ({ table: key.table, from: key.from, to: key.to, onDelete: key.on_delete })),
      ).toEqual(
        config.foreignKeys.map((key) => {
          const reference = key.reference()
          return {
            table: getTableConfig(reference.foreignTable).name,
            from: reference.columns[0]?.name,
            to: reference.foreignColumns[0]?.name,
            onDelete: key.onDelete?.toUpperCase(),
          }
        }),
      )
    }
  })
})
