import { composeStorage, type Storage } from '@portcullis/core'
import { applyPostgresMigrations, createPostgresStorage } from '@portcullis/drizzle'
import { createMemoryStorage } from '@portcullis/memory'
import { createRedisStorage } from '@portcullis/redis'
import { drizzle } from 'drizzle-orm/node-postgres'
import { Redis } from 'ioredis'
import pg from 'pg'
import type { ExampleConfig } from './config'

/** The opened store and one line describing it (no credentials). */
export interface OpenedStorage {
  storage: Storage
  description: string
}

/**
 * Opens the example's storage: memory by default (lost on restart); with `DATABASE_URL`,
 * PostgreSQL through drizzle (schema migrated on start); with `REDIS_URL`, sessions, one-time
 * tokens and rate limits in Redis, users in the SQL (or memory) store.
 */
export async function openStorage(config: ExampleConfig): Promise<OpenedStorage> {
  let users: Storage
  let description: string
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 })
    const db = drizzle(pool)
    await applyPostgresMigrations(db)
    users = createPostgresStorage(db)
    description = `PostgreSQL at ${redact(config.databaseUrl)}`
  } else {
    users = createMemoryStorage()
    description = 'memory (lost on restart)'
  }
  if (!config.redisUrl) return { storage: users, description }
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
  await redis.connect()
  const ephemeral = createRedisStorage(redis, { prefix: config.redisPrefix })
  return {
    storage: composeStorage({ users, sessions: ephemeral, tokens: ephemeral, rateLimits: ephemeral }),
    description: `${description}; sessions, tokens and rate limits in Redis at ${redact(config.redisUrl)}`,
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable URL)'
  }
}
