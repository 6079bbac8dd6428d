import { type Client, createClient, type InValue, type ResultSet } from '@libsql/client'
import { drizzle } from 'drizzle-orm/d1'
import { applySqliteMigrations } from '../../src/migrations/apply-sqlite-migrations.js'
import type { SqliteDatabase } from '../../src/sqlite/sqlite-database.js'

/** What a D1 statement answers (`all`, `run`, and each item of `batch`). */
interface D1Result {
  success: true
  results: Record<string, unknown>[]
  meta: { changes: number; last_row_id: number; duration: number }
}

/**
 * A stand-in for a Cloudflare D1 binding (`prepare`, `bind`, `all`, `run`, `raw`, `first`,
 * `batch`) over a libsql client, so that the store runs through `drizzle-orm/d1`'s session (its
 * own `batch` and result mapping) in Node. Like D1, a batch is one transaction, and errors carry
 * SQLite's message without a `code` (`D1_ERROR: UNIQUE constraint failed: …: SQLITE_CONSTRAINT`).
 * The D1 behaviour itself (workerd, a local D1) is covered by the Cloudflare Worker example's
 * contract test.
 */
export class FakeD1Database {
  /** Calls that reached the database (`all`, `run`, `raw`, `first`, `batch`), in order. */
  readonly calls: string[] = []

  constructor(readonly client: Client) {}

  prepare(query: string): FakeD1Statement {
    return new FakeD1Statement(this, { sql: query, args: [] })
  }

  async batch(statements: FakeD1Statement[]): Promise<D1Result[]> {
    this.calls.push('batch')
    const results = await d1Errors(() =>
      this.client.batch(
        statements.map((statement) => statement.statement),
        'write',
      ),
    )
    return results.map(d1Result)
  }

  exec(): never {
    throw new Error('FakeD1Database: exec is not used by the store')
  }
}

class FakeD1Statement {
  constructor(
    private readonly db: FakeD1Database,
    readonly statement: { sql: string; args: InValue[] },
  ) {}

  bind(...values: unknown[]): FakeD1Statement {
    return new FakeD1Statement(this.db, {
      sql: this.statement.sql,
      args: values as InValue[],
    })
  }

  async all(): Promise<D1Result> {
    return d1Result(await this.execute('all'))
  }

  async run(): Promise<D1Result> {
    return d1Result(await this.execute('run'))
  }

  async raw(): Promise<unknown[][]> {
    const result = await this.execute('raw')
    return result.rows.map((row) => Array.from(row))
  }

  async first(): Promise<Record<string, unknown> | null> {
    return d1Result(await this.execute('first')).results[0] ?? null
  }

  private execute(call: string): Promise<ResultSet> {
    this.db.calls.push(call)
    return d1Errors(() => this.db.client.execute(this.statement))
  }
}

function d1Result(result: ResultSet): D1Result {
  return {
    success: true,
    results: result.rows.map((row) => Object.fromEntries(result.columns.map((name, i) => [name, row[i]]))),
    meta: { changes: result.rowsAffected, last_row_id: Number(result.lastInsertRowid ?? 0), duration: 0 },
  }
}

/** Rethrows libsql's error the way D1 words it: SQLite's message, the code at the end, no `code`. */
async function d1Errors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (!(error instanceof Error)) throw error
    const code = (error as { code?: unknown }).code
    const message = error.message.replace(/^SQLITE_\w+: /, '')
    throw new Error(`D1_ERROR: ${message}${typeof code === 'string' ? `: ${code}` : ''}`)
  }
}

/** A fresh in-memory database with the Portcullis tables, through `drizzle-orm/d1`. */
export interface D1Fixture {
  db: SqliteDatabase
  binding: FakeD1Database
  /** Closes the client: every later call of `db` fails. */
  close(): void
}

/**
 * Opens a libsql database in memory behind a {@link FakeD1Database} and applies the migrations
 * through `drizzle-orm/d1`.
 *
 * @returns the database and its controls
 */
export async function d1Database(): Promise<D1Fixture> {
  const client = createClient({ url: ':memory:' })
  const binding = new FakeD1Database(client)
  const db = drizzle(binding)
  await applySqliteMigrations(db)
  binding.calls.length = 0
  return { db, binding, close: () => client.close() }
}
