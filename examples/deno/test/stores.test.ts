import { describeHttpContract } from '@portcullis/contract-suite'
import { serverUrlFromEnv } from '@portcullis/core/testing'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { type DenoExample, denoBinary, freePort, startDenoExample } from './deno-process.js'

const deno = denoBinary()
const ci = process.env.CI === 'true'
if (!deno && ci)
  throw new Error('examples/deno: node_modules/deno/deno is missing and CI=true: run pnpm install')
const databaseUrl = deno ? serverUrlFromEnv('DATABASE_URL') : undefined
const redisUrl = deno ? serverUrlFromEnv('REDIS_URL') : undefined

if (!deno || !databaseUrl || !redisUrl) {
  describe.skip('examples/deno on PostgreSQL and Redis: needs the Deno binary, DATABASE_URL and REDIS_URL', () => {
    it('runs the contract', () => undefined)
  })
} else {
  // A fresh schema and key prefix per run: the contract's per-IP limits count from zero.
  const schema = `deno_example_${process.pid}_${Date.now()}`
  const prefix = `${schema}:`
  let server: DenoExample | undefined
  // After every describe of the file, so the checks below still see the rows and keys.
  afterAll(() => cleanUp(schema, prefix))

  describeHttpContract('Deno with node-postgres (drizzle) and ioredis', async () => {
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const url = new URL(databaseUrl)
    url.searchParams.set('options', `-c search_path=${schema}`)
    const port = await freePort()
    const origin = `http://localhost:${port}`
    server = await startDenoExample(deno, {
      PORT: String(port),
      APP_ORIGIN: origin,
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
    })
    return {
      baseUrl: server.url,
      origin,
      close: async () => void (await server?.stop()),
    }
  })

  describe('examples/deno after the contract', () => {
    it('put users in PostgreSQL and sessions, tokens and rate limits in Redis', async () => {
      expect(server?.stdout.find((line) => line.startsWith('storage: '))).toMatch(
        /^storage: PostgreSQL at postgres(ql)?:\/\/.*; sessions, tokens and rate limits in Redis at redis/,
      )
      const admin = new pg.Client({ connectionString: databaseUrl })
      await admin.connect()
      try {
        const users = await admin.query(`select count(*)::int as n from ${schema}.portcullis_users`)
        expect(users.rows[0].n).toBeGreaterThanOrEqual(5)
      } finally {
        await admin.end()
      }
      const redis = new Redis(redisUrl)
      try {
        expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThan(0)
      } finally {
        await redis.quit()
      }
    })
  })
}

async function cleanUp(schema: string, prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  await admin.query(`drop schema if exists ${schema} cascade`)
  await admin.end()
  const redis = new Redis(redisUrl!)
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
}
