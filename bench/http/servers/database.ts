/**
 * The database a benchmark server runs on, chosen by `BENCH_STORE`: `memory` (each library's
 * in-process store), `pglite` (embedded PostgreSQL, in memory, one per server process) or
 * `postgres` (the server at `BENCH_DATABASE_URL`, in a schema of its own, recreated empty).
 */
// The drivers are imported on first use, so a server on the memory store does not load them
// (that would count in the cold-start figures).
type DrizzlePglite = typeof import('drizzle-orm/pglite').drizzle
type DrizzlePg = typeof import('drizzle-orm/node-postgres').drizzle

export type BenchStore = 'memory' | 'pglite' | 'postgres'

/** The store named by `BENCH_STORE` (default `memory`). */
export function benchStore(): BenchStore {
  const store = process.env.BENCH_STORE ?? 'memory'
  if (store === 'memory' || store === 'pglite' || store === 'postgres') return store
  throw new Error(`BENCH_STORE must be memory, pglite or postgres, not ${store}`)
}

/** A PostgreSQL-dialect database for one server: a drizzle instance and a way to run raw SQL. */
export interface BenchDatabase {
  db: ReturnType<DrizzlePglite> | ReturnType<DrizzlePg>
  exec(sql: string): Promise<void>
}

/** Opens PGlite, or a fresh schema `schema` on the PostgreSQL server, with a pool of `poolSize`. */
export async function openDatabase(
  store: 'pglite' | 'postgres',
  schema: string,
  poolSize = 10,
): Promise<BenchDatabase> {
  if (store === 'pglite') {
    const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
    ])
    const client = new PGlite()
    return { db: drizzlePglite(client), exec: async (sql) => void (await client.exec(sql)) }
  }
  const url = process.env.BENCH_DATABASE_URL
  if (!url) throw new Error('BENCH_STORE=postgres needs BENCH_DATABASE_URL')
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
  ])
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`drop schema if exists "${schema}" cascade`)
  await admin.query(`create schema "${schema}"`)
  await admin.end()
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}` })
  return { db: drizzlePg(pool), exec: async (sql) => void (await pool.query(sql)) }
}
