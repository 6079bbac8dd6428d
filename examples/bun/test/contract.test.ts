import { describeHttpContract } from '@portcullis/contract-suite'
import { serverUrlFromEnv } from '@portcullis/core/testing'
import { Redis } from 'ioredis'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { bunBinary, runBunTests, SKIP_REASON } from './bun-binary.js'
import { type ExampleProcess, freePort, startExample } from './example-process.js'

const PASSWORD = 'a passphrase long enough'

/** Starts the example on a free port with APP_ORIGIN `http://localhost:<port>`, as a developer would. */
async function start(env: Record<string, string> = {}): Promise<{ example: ExampleProcess; origin: string }> {
  expect(bunBinary, SKIP_REASON).not.toBeNull()
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const example = await startExample(bunBinary!, { PORT: String(port), APP_ORIGIN: origin, ...env })
  return { example, origin }
}

async function register(url: string, origin: string, email: string): Promise<string> {
  const response = await fetch(`${url}/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  expect(response.status).toBe(201)
  return response.headers.getSetCookie()[0]!.split(';')[0]!
}

if (!runBunTests) it.skip(SKIP_REASON, () => {})
else {
  describeHttpContract('Bun.serve on the Bun binary', async () => {
    const { example, origin } = await start()
    return { baseUrl: example.url, origin, close: () => example.stop().then(() => undefined) }
  })

  describe('src/server.ts on the Bun binary', () => {
    it('listens where PORT and HOST say, guards /api, and exits 0 on SIGTERM', async () => {
      const { example, origin } = await start({ SMTP_URL: 'smtp://mail.example:25' })
      try {
        expect(example.stdout).toContain('storage: memory (lost on exit; set DATABASE_URL to keep users)')
        expect(example.stdout.some((line) => line.includes(`(app origin ${origin}, Bun `))).toBe(true)
        expect(example.stdout.some((line) => line.startsWith('SMTP_URL'))).toBe(false)
        const index = await fetch(`${example.url}/`)
        expect(((await index.json()) as { name: string }).name).toBe('Portcullis example (Bun.serve)')
        const cookie = await register(example.url, origin, 'bun@example.com')
        const privateRoute = await fetch(`${example.url}/api/private`, { headers: { Cookie: cookie } })
        expect(((await privateRoute.json()) as { user: { email: string } }).user.email).toBe(
          'bun@example.com',
        )
        expect((await fetch(`${example.url}/api/private`)).status).toBe(401)
        expect((await fetch(`${example.url}/api/admin`, { headers: { Cookie: cookie } })).status).toBe(403)
        expect((await fetch(`${example.url}/nowhere`)).status).toBe(404)
      } finally {
        expect(await example.stop()).toBe(0)
      }
    })

    it('exits 1 with a one-line message on a bad DATABASE_URL', async () => {
      await expect(start({ DATABASE_URL: 'mysql://db.example/app' })).rejects.toThrow(
        /exited with 1:\nDATABASE_URL must start with postgres: or postgresql:\/\//,
      )
    })

    const databaseUrl = serverUrlFromEnv('DATABASE_URL')
    const redisUrl = serverUrlFromEnv('REDIS_URL')

    it.skipIf(!databaseUrl)(
      'keeps users in the PostgreSQL server at DATABASE_URL (drizzle + pg on Bun)',
      async () => {
        const schema = `example_bun_${process.pid}_${Date.now()}`
        const admin = new pg.Client({ connectionString: databaseUrl })
        await admin.connect()
        try {
          await admin.query(`create schema ${schema}`)
          const url = new URL(databaseUrl!)
          url.searchParams.set('options', `-c search_path=${schema}`)
          const { example, origin } = await start({ DATABASE_URL: url.toString() })
          try {
            expect(example.stdout.some((line) => line.startsWith('storage: PostgreSQL at '))).toBe(true)
            await register(example.url, origin, 'pg-bun@example.com')
          } finally {
            expect(await example.stop()).toBe(0)
          }
          const rows = await admin.query(`select email from ${schema}.portcullis_users`)
          expect(rows.rows).toEqual([{ email: 'pg-bun@example.com' }])
        } finally {
          await admin.query(`drop schema if exists ${schema} cascade`)
          await admin.end()
        }
      },
    )

    it.skipIf(!redisUrl)(
      'keeps sessions in Redis at REDIS_URL (ioredis on Bun, composeStorage)',
      async () => {
        const prefix = `example_bun_${process.pid}_${Date.now()}:`
        const redis = new Redis(redisUrl!)
        try {
          const { example, origin } = await start({ REDIS_URL: redisUrl!, REDIS_PREFIX: prefix })
          try {
            const cookie = await register(example.url, origin, 'redis-bun@example.com')
            expect((await fetch(`${example.url}/auth/me`, { headers: { Cookie: cookie } })).status).toBe(200)
            const sessionId = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!
            expect((await redis.keys(`${prefix}*`)).some((key) => key.includes(sessionId))).toBe(true)
          } finally {
            expect(await example.stop()).toBe(0)
          }
        } finally {
          const keys = await redis.keys(`${prefix}*`)
          if (keys.length > 0) await redis.del(...keys)
          await redis.quit()
        }
      },
    )
  })
}
