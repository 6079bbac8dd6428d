import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { POSTGRES_MIGRATIONS_TABLE_SQL } from '../../src/migrations/apply-postgres-migrations.js'
import { SQLITE_MIGRATIONS_TABLE_SQL } from '../../src/migrations/apply-sqlite-migrations.js'
import { type Migration, splitStatements } from '../../src/migrations/migration.js'
import { postgresMigrations } from '../../src/migrations/postgres-migrations.js'
import { sqliteMigrations } from '../../src/migrations/sqlite-migrations.js'

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations')

const dialects: [string, readonly Migration[], string][] = [
  ['postgres', postgresMigrations, POSTGRES_MIGRATIONS_TABLE_SQL],
  ['sqlite', sqliteMigrations, SQLITE_MIGRATIONS_TABLE_SQL],
]

describe.each(dialects)('embedded %s migrations', (dir, embedded, tableSql) => {
  const files = readdirSync(join(migrationsDir, dir))
    .filter((file) => file.endsWith('.sql'))
    .sort()

  it('are the .sql files, in order, character for character (else run scripts/embed-migrations.mjs)', () => {
    expect(embedded.map((migration) => `${migration.version}.sql`)).toEqual(files)
    for (const migration of embedded)
      expect(migration.sql).toBe(readFileSync(join(migrationsDir, dir, `${migration.version}.sql`), 'utf8'))
  })

  it('have versions that sort in the order they apply', () => {
    const versions = embedded.map((migration) => migration.version)
    expect([...versions].sort()).toEqual(versions)
    expect(new Set(versions).size).toBe(versions.length)
  })

  it('start by creating the bookkeeping table exactly as the applier does, and record their own version last', () => {
    const [first] = embedded
    expect(first).toBeDefined()
    if (!first) return
    const statements = splitStatements(first.sql)
    expect(statements[0]?.endsWith(tableSql)).toBe(true)
    for (const migration of embedded) {
      const last = splitStatements(migration.sql).at(-1) ?? ''
      expect(last).toMatch(/^INSERT INTO portcullis_migrations \(version(, applied_at)?\)/)
      expect(last).toContain(`'${migration.version}'`)
    }
  })
})

describe('splitStatements', () => {
  it("splits on drizzle-kit's breakpoint lines, trims, and drops empty pieces", () => {
    const sql =
      'CREATE TABLE a (x int);\n--> statement-breakpoint\n\n  CREATE INDEX b ON a (x);  \n--> statement-breakpoint\n'
    expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x int);', 'CREATE INDEX b ON a (x);'])
  })

  it('leaves a breakpoint-like text inside a line alone', () => {
    expect(splitStatements("SELECT '--> statement-breakpoint x';")).toEqual([
      "SELECT '--> statement-breakpoint x';",
    ])
  })
})
