import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { composeStorage, type Storage } from '@portcullis/core'
import { applyPostgresMigrations, createPostgresStorage, type DrizzleStorage } from '@portcullis/drizzle'
import { createRedisStorage } from '@portcullis/redis'
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { Redis } from 'ioredis'
import pg from 'pg'

/** Where the example keeps its data, from the environment. */
export interface StorageConfig {
  /** `DATABASE_URL`: a PostgreSQL server. Unset: PGlite persisted under `dataDir`. */
  databaseUrl: string | undefined
  /** `REDIS_URL`: sessions, one-time tokens and rate limits go to Redis; users stay in SQL. */
  redisUrl: string | undefined
  /** `DATA_DIR`: where PGlite keeps its files. */
  dataDir: string
  /** `REDIS_PREFIX`: what every Redis key starts with. */
  redisPrefix: string
}

/** The opened store, how to describe it, and how to close it. */
export interface OpenedStorage {
  storage: Storage
  /** The SQL store, for maintenance (`purgeExpired`). */
  sql: DrizzleStorage
  /** One line for the startup log, without credentials. */
  description: string
  close(): Promise<void>
}

/**
 * Opens the example's storage: users (and, without Redis, everything else) in PostgreSQL —
 * the server at `DATABASE_URL`, or PGlite persisted under `dataDir` so a restart keeps users —
 * with the schema migrated on start; with `REDIS_URL`, sessions, one-time tokens and rate-limit
 * counters in Redis instead, composed with `composeStorage`.
 */
export async function openStorage(config: StorageConfig): Promise<OpenedStorage> {
  const closers: (() => Promise<unknown>)[] = []
  let sql: DrizzleStorage
  let description: string
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 })
    closers.push(() => pool.end())
    const db = drizzleNodePostgres(pool)
    await applyPostgresMigrations(db)
    sql = createPostgresStorage(db)
    description = `PostgreSQL at ${redact(config.databaseUrl)}`
  } else {
    await mkdir(config.dataDir, { recursive: true })
    const client = new PGlite(`${config.dataDir}/pglite`)
    closers.push(() => client.close())
    const db = drizzlePglite(client)
    await applyPostgresMigrations(db)
    sql = createPostgresStorage(db)
    description = `PGlite in ${config.dataDir}/pglite`
  }
  let storage: Storage = sql
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
    await redis.connect()
    closers.push(() => redis.quit())
    const ephemeral = createRedisStorage(redis, { prefix: config.redisPrefix })
    storage = composeStorage({ users: sql, sessions: ephemeral, tokens: ephemeral, rateLimits: ephemeral })
    description += `; sessions, tokens and rate limits in Redis at ${redact(config.redisUrl)}`
  }
  return {
    storage,
    sql,
    description,
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined)
    },
  }
}

/** A connection URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable URL)'
  }
}
