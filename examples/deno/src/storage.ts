import { composeStorage, type Storage } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'

/** Where the example keeps its data. */
export interface StorageSettings {
  databaseUrl: string | undefined
  redisUrl: string | undefined
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
 * Opens the example's storage: users in PostgreSQL at `databaseUrl` (drizzle over node-postgres,
 * schema migrated on start) or, unset, in memory; with `redisUrl`, sessions, one-time tokens and
 * rate limits in Redis (ioredis), composed with `composeStorage`. The drivers are imported only
 * when their URL is set, so the default start loads neither.
 */
export async function openStorage(settings: StorageSettings): Promise<OpenedStorage> {
  const closers: (() => Promise<unknown>)[] = []
  let users: Storage
  let description: string
  if (settings.databaseUrl) {
    const [{ applyPostgresMigrations, createPostgresStorage }, { drizzle }, { default: pg }] =
      await Promise.all([import('@portcullis/drizzle'), import('drizzle-orm/node-postgres'), import('pg')])
    const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 10 })
    closers.push(() => pool.end())
    const db = drizzle(pool)
    await applyPostgresMigrations(db)
    users = createPostgresStorage(db)
    description = `PostgreSQL at ${redact(settings.databaseUrl)}`
  } else {
    users = createMemoryStorage()
    description = 'memory (lost on restart)'
  }
  let storage = users
  if (settings.redisUrl) {
    const [{ createRedisStorage }, { Redis }] = await Promise.all([
      import('@portcullis/redis'),
      import('ioredis'),
    ])
    const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
    await redis.connect()
    closers.push(() => redis.quit())
    const ephemeral = createRedisStorage(redis, { prefix: settings.redisPrefix })
    storage = composeStorage({ users, sessions: ephemeral, tokens: ephemeral, rateLimits: ephemeral })
    description += `; sessions, tokens and rate limits in Redis at ${redact(settings.redisUrl)}`
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
