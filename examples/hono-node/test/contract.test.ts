import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeHttpContract } from '@portcullis/contract-suite'
import { serverUrlFromEnv } from '@portcullis/core/testing'
import { Redis } from 'ioredis'
import pg from 'pg'
import { freePort, startExample } from './example-process.js'

/**
 * The HTTP contract against the real example process: on its default store (PGlite in a fresh
 * DATA_DIR), and on the PostgreSQL and Redis servers when DATABASE_URL and REDIS_URL are set.
 */
async function start(env: Record<string, string>, cleanup: () => Promise<void> = async () => {}) {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-contract-'))
  const origin = `http://localhost:${port}`
  const server = await startExample({
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_ORIGIN: origin,
    DATA_DIR: dataDir,
    ...env,
  })
  return {
    baseUrl: server.url,
    origin,
    close: async () => {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
      await cleanup()
    },
  }
}

describeHttpContract('hono-node example on Node (PGlite)', () => start({}))

const databaseUrl = serverUrlFromEnv('DATABASE_URL')
const redisUrl = serverUrlFromEnv('REDIS_URL')
if (databaseUrl && redisUrl) {
  describeHttpContract('hono-node example on Node (PostgreSQL users, Redis sessions)', async () => {
    const schema = `contract_${process.pid}_${Date.now()}`
    const prefix = `${schema}:`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const url = new URL(databaseUrl)
    url.searchParams.set('options', `-c search_path=${schema}`)
    return start({ DATABASE_URL: url.toString(), REDIS_URL: redisUrl, REDIS_PREFIX: prefix }, async () => {
      await admin.query(`drop schema if exists ${schema} cascade`)
      await admin.end()
      const redis = new Redis(redisUrl)
      const keys = await redis.keys(`${prefix}*`)
      if (keys.length > 0) await redis.del(...keys)
      await redis.quit()
    })
  })
}
