import { composeStorage, type Storage } from '@portcullis/core'
import { applyPostgresMigrations, createPostgresStorage } from '@portcullis/drizzle'
import { createMemoryStorage } from '@portcullis/memory'
import { createRedisStorage } from '@portcullis/redis'
import { drizzle } from 'drizzle-orm/node-postgres'
import { Redis } from 'ioredis'
import pg from 'pg'

/** Where the example keeps its data, from the environment. */
export interface StorageConfig {
  /** `DATABASE_URL`: a PostgreSQL server (schema migrated on start). Unset: memory, lost on exit. */
  databaseUrl: string | undefined
  /** `REDIS_URL`: sessions, one-time tokens and rate limits go to Redis; users stay where they are. */
  redisUrl: string | undefined
  /** `REDIS_PREFIX`: what every Redis key starts with. */
  redisPrefix: string
}

/** The opened store, how to describe it, and how to close it. */
export interface OpenedStorage {
  storage: Storage
  /** One line for the startup log, without credentials. */
  description: string
  close(): Promise<void>
}

/**
 * Opens the example's storage: memory by default; users (and, without Redis, everything else)
 * in PostgreSQL at `DATABASE_URL` through drizzle and `pg` (which Bun runs as is); with
 * `REDIS_URL`, sessions, one-time tokens and rate-limit counters in Redis through ioredis,
 * composed with `composeStorage`.
 */
export async function openStorage(config: StorageConfig): Promise<OpenedStorage> {
  const closers: (() => Promise<unknown>)[] = []
  let users: Storage
  let description: string
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 })
    closers.push(() => pool.end())
    const db = drizzle(pool)
    await applyPostgresMigrations(db)
    users = createPostgresStorage(db)
    description = `PostgreSQL at ${redact(config.databaseUrl)}`
  } else {
    users = createMemoryStorage()
    description = 'memory (lost on exit; set DATABASE_URL to keep users)'
  }
  let storage = users
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
    await redis.connect()
    closers.push(() => redis.quit())
    const ephemeral = createRedisStorage(redis, { prefix: config.redisPrefix })
    storage = composeStorage({ users, sessions: ephemeral, tokens: ephemeral, rateLimits: ephemeral })
    description += `; sessions, tokens and rate limits in Redis at ${redact(config.redisUrl)}`
  }
  return {
    storage,
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
