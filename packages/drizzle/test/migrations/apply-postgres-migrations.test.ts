import { StorageUnavailableError } from '@portcullis/core'
import { buildApiKey, buildPasskey, buildToken, buildUser } from '@portcullis/core/testing'
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { afterEach, describe, expect, it } from 'vitest'
import { applyPostgresMigrations } from '../../src/migrations/apply-postgres-migrations.js'
import { postgresMigrations } from '../../src/migrations/postgres-migrations.js'
import { createPostgresStorage } from '../../src/postgres/create-postgres-storage.js'
import { portcullisPgTables } from '../../src/schema/postgres-schema.js'
import { type PostgresFixture, postgresBackends } from '../helpers/postgres-backends.js'

const ALL_VERSIONS = postgresMigrations.map((migration) => migration.version)
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

for (const backend of postgresBackends()) {
  describe.skipIf(backend.skip)(`applyPostgresMigrations on ${backend.name}`, () => {
    let fixture: PostgresFixture | undefined
    afterEach(async () => {
      await fixture?.drop()
      fixture = undefined
    })
    const empty = async () => {
      fixture = await backend.open({ migrate: false })
      return fixture
    }
    const tables = async (db: PostgresFixture) =>
      (await db.query('SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1')).map(
        (row) => row.tablename,
      )

    it('applies every migration once, then nothing: safe to run on every start', async () => {
      const db = await empty()
      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: ALL_VERSIONS })
      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: [] })
      expect(await tables(db)).toEqual(TABLES)
      expect((await db.query('SELECT version FROM portcullis_migrations')).map((row) => row.version)).toEqual(
        ALL_VERSIONS,
      )
    })

    it('concurrent callers apply each migration exactly once', async () => {
      const db = await empty()
      const results = await Promise.all(Array.from({ length: 5 }, () => applyPostgresMigrations(db.db)))
      expect(results.filter((result) => result.applied.length > 0)).toEqual([{ applied: ALL_VERSIONS }])
      expect(await db.query('SELECT version FROM portcullis_migrations')).toHaveLength(ALL_VERSIONS.length)
    })

    it('applies the later migrations on top of a database at 0001_init, keeping its rows, and only once', async () => {
      const db = await empty()
      const [init] = postgresMigrations
      if (!init) throw new Error('no migrations')
      await db.exec(init.sql)
      const storage = createPostgresStorage(db.db)
      const user = buildUser()
      await storage.createUser(user)

      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: ALL_VERSIONS.slice(1) })
      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: [] })
      expect(await tables(db)).toEqual(TABLES)
      expect(await storage.getUserById(user.id)).toEqual(user)
      const apiKey = buildApiKey({ userId: user.id })
      await storage.createApiKey(apiKey)
      expect(await storage.getApiKeyAndUser(apiKey.keyHash, new Date())).toEqual({ apiKey, user })
    })

    it('applies 0003_two_factor on top of 0002_tokens: token rows stay, user_id becomes nullable', async () => {
      const db = await empty()
      for (const migration of postgresMigrations.slice(0, 2)) await db.exec(migration.sql)
      const storage = createPostgresStorage(db.db)
      const user = buildUser()
      await storage.createUser(user)
      const now = new Date()
      const token = buildToken({ userId: user.id, purpose: 'password_reset', createdAt: now })
      await storage.createToken(token)

      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: ['0003_two_factor'] })
      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: [] })
      expect(await tables(db)).toEqual(TABLES)
      expect(await storage.consumeToken('password_reset', token.tokenHash, now)).toEqual(token)
      const unbound = buildToken({ userId: null, purpose: 'passkey_login', createdAt: now })
      await storage.createToken(unbound)
      expect(await storage.consumeToken('passkey_login', unbound.tokenHash, now)).toEqual(unbound)
      const passkey = buildPasskey({ userId: user.id, createdAt: now })
      await storage.createPasskey(passkey)
      expect(await storage.getPasskeyAndUser(passkey.credentialId)).toEqual({ passkey, user })
    })

    it('recognises a database migrated by hand with the .sql file', async () => {
      const db = await empty()
      for (const migration of postgresMigrations) await db.exec(migration.sql)
      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: [] })
      const storage = createPostgresStorage(db.db)
      expect(await storage.listUsers({ limit: 1 })).toEqual([])
    })

    it('a statement failing part-way leaves nothing behind, and a later run starts over cleanly', async () => {
      const db = await empty()
      // The last table the migration creates already exists: its CREATE TABLE fails late.
      await db.exec('CREATE TABLE portcullis_rate_limits (unrelated integer)')
      await expect(applyPostgresMigrations(db.db)).rejects.toBeInstanceOf(StorageUnavailableError)
      expect(await tables(db)).toEqual(['portcullis_rate_limits'])
      await db.exec('DROP TABLE portcullis_rate_limits')
      expect(await applyPostgresMigrations(db.db)).toEqual({ applied: ALL_VERSIONS })
    })

    it('creates exactly the tables, columns, indexes and foreign keys of the drizzle schema', async () => {
      const db = await empty()
      await applyPostgresMigrations(db.db)
      const columns = await db.query(`
        SELECT table_name AS table, column_name AS name, is_nullable = 'NO' AS "notNull",
          CASE WHEN data_type = 'ARRAY' THEN substr(udt_name, 2) || '[]' ELSE data_type END AS type
        FROM information_schema.columns WHERE table_schema = current_schema()
        ORDER BY table_name, ordinal_position`)
      const indexes = await db.query(`
        SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique,
          array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2`)
      const foreignKeys = await db.query(`
        SELECT conrelid::regclass::text AS table, conname AS name, confdeltype = 'c' AS cascade
        FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY 1, 2`)

      const expected = Object.values(portcullisPgTables).map((table: PgTable) => getTableConfig(table))
      expect(columns).toEqual(
        expected
          .flatMap((config) =>
            config.columns.map((column) => ({
              table: config.name,
              name: column.name,
              notNull: column.notNull,
              type: column.getSQLType(),
            })),
          )
          .sort((a, b) => a.table.localeCompare(b.table)),
      )
      expect(indexes).toEqual(
        expected
          .flatMap((config) => [
            ...config.columns
              .filter((column) => column.primary)
              .map((column) => ({
                table: config.name,
                name: `${config.name}_pkey`,
                unique: true,
                columns: [column.name],
              })),
            ...config.primaryKeys.map((key) => ({
              table: config.name,
              name: key.getName(),
              unique: true,
              columns: key.columns.map((column) => column.name),
            })),
            ...config.indexes.map((index) => ({
              table: config.name,
              name: index.config.name,
              unique: index.config.unique,
              columns: index.config.columns.map((column) => ('name' in column ? column.name : '')),
            })),
          ])
          .sort((a, b) => a.table.localeCompare(b.table) || (a.name ?? '').localeCompare(b.name ?? '')),
      )
      expect(foreignKeys).toEqual(
        expected
          .flatMap((config) =>
            config.foreignKeys.map((key) => ({
              table: config.name,
              name: key.getName(),
              cascade: key.onDelete === 'cascade',
            })),
          )
          .sort((a, b) => a.table.localeCompare(b.table) || a.name.localeCompare(b.name)),
      )
    })
  })
}
