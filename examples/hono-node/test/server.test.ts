import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serverUrlFromEnv } from '@portcullis/core/testing'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'

const dataDirs: string[] = []
/** A fresh DATA_DIR, removed after the file. */
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-example-'))
  dataDirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
})

const exampleDir = fileURLToPath(new URL('..', import.meta.url))

interface Child {
  process: ChildProcess
  stdout: string[]
  stderr: string[]
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
  exited: Promise<number | null>
}

/**
 * Runs the real `src/server.ts` the way a developer would without a build: Node with tsx as
 * loader and the workspace's source condition, so `@portcullis/*` resolve to their sources.
 */
function startServer(env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=@portcullis/source', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: exampleDir,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DATA_DIR: tempDataDir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const stdout: string[] = []
  const stderr: string[] = []
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = []
  const exited = once(child, 'close').then(([code]) => code as number | null)
  const lines = (sink: string[], check: boolean) => {
    let rest = ''
    return (chunk: Buffer) => {
      rest += chunk.toString('utf8')
      const parts = rest.split('\n')
      rest = parts.pop() ?? ''
      for (const line of parts) {
        sink.push(line)
        if (!check) continue
        for (const waiter of [...waiters]) {
          const match = line.match(waiter.pattern)
          if (match) {
            waiters.splice(waiters.indexOf(waiter), 1)
            waiter.resolve(match)
          }
        }
      }
    }
  }
  child.stdout?.on('data', lines(stdout, true))
  child.stderr?.on('data', lines(stderr, false))
  return {
    process: child,
    stdout,
    stderr,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        exited.then((code) =>
          reject(new Error(`server exited with ${code} before printing ${pattern}:\n${stderr.join('\n')}`)),
        )
      }),
  }
}

describe('src/server.ts as a process', () => {
  it('listens, logs its URL, serves the app, and exits 0 on SIGTERM', async () => {
    const server = startServer({
      APP_ORIGIN: 'http://localhost:8787',
      NODE_ENV: 'development',
      SMTP_URL: 'smtp://mail.example:25',
    })
    try {
      const [, url] = await server.waitFor(
        /listening on (http:\/\/127\.0\.0\.1:\d+) \(app origin http:\/\/localhost:8787\)/,
      )
      expect(server.stdout.some((line) => line.startsWith('SMTP_URL'))).toBe(false)

      const index = await fetch(`${url}/`)
      expect(index.status).toBe(200)
      const register = await fetch(`${url}/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8787' },
        body: JSON.stringify({ email: 'spawned@example.com', password: 'a passphrase long enough' }),
      })
      expect(register.status).toBe(201)
      const cookie = register.headers.getSetCookie()[0]!.split(';')[0]!
      const privateRoute = await fetch(`${url}/api/private`, { headers: { Cookie: cookie } })
      expect(privateRoute.status).toBe(200)
      expect((await fetch(`${url}/api/private`)).status).toBe(401)
      expect(server.stderr.join('\n')).toContain('generated one for this process')
    } finally {
      server.process.kill('SIGTERM')
    }
    expect(await server.exited).toBe(0)
  })

  it('exits 1 with a one-line message when DATABASE_URL is not a PostgreSQL URL', async () => {
    const server = startServer({ DATABASE_URL: 'mysql://db.example/app' })
    expect(await server.exited).toBe(1)
    expect(server.stderr).toEqual(['DATABASE_URL must start with postgres: or postgresql://'])
  })

  it('exits 1 in production with an http origin', async () => {
    const server = startServer({ NODE_ENV: 'production', APP_ORIGIN: 'http://localhost:8787' })
    expect(await server.exited).toBe(1)
    expect(server.stderr.join('\n')).toMatch(/production needs https/)
  })
})

const ORIGIN = 'http://localhost:8787'
const PASSWORD = 'a passphrase long enough'

async function registerAt(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  expect(response.status).toBe(201)
  return response.headers.getSetCookie()[0]!.split(';')[0]!
}

async function loginAt(url: string, email: string): Promise<Response> {
  return fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    body: JSON.stringify({ identifier: email, password: PASSWORD }),
  })
}

/** Starts the server with `env`, runs `body` with its URL, and stops it (exit 0). */
async function withServer(env: Record<string, string>, body: (url: string, server: Child) => Promise<void>) {
  const server = startServer({ APP_ORIGIN: ORIGIN, NODE_ENV: 'development', ...env })
  try {
    const [, url] = await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
    await body(url!, server)
  } finally {
    server.process.kill('SIGTERM')
  }
  expect(await server.exited).toBe(0)
}

describe('src/server.ts storage', () => {
  it('keeps users and sessions in PGlite under DATA_DIR (created if missing) across a restart', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(tempDataDir(), 'not-yet-there')
    let cookie = ''
    let accessToken = ''
    await withServer({ DATA_DIR: dataDir, AUTH_SECRET: 's'.repeat(40) }, async (url, server) => {
      expect(server.stdout).toContain(`storage: PGlite in ${dataDir}/pglite`)
      expect(server.stdout).toContain(`access-token key generated for development, kept in ${dataDir}`)
      cookie = await registerAt(url, 'persisted@example.com')
      const login = (await (await loginAt(url, 'persisted@example.com')).json()) as { accessToken: string }
      accessToken = login.accessToken
    })
    await withServer({ DATA_DIR: dataDir, AUTH_SECRET: 's'.repeat(40) }, async (url, server) => {
      expect(server.stdout.some((line) => line.startsWith('access-token key generated'))).toBe(false)
      expect((await fetch(`${url}/auth/me`, { headers: { Cookie: cookie } })).status).toBe(200)
      // The development signing key was kept: tokens from before the restart still verify.
      const bearer = await fetch(`${url}/api/private`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      })
      expect(bearer.status).toBe(200)
      expect((await loginAt(url, 'persisted@example.com')).status).toBe(200)
    })
  })

  const databaseUrl = serverUrlFromEnv('DATABASE_URL')
  const redisUrl = serverUrlFromEnv('REDIS_URL')

  it.skipIf(!databaseUrl)('uses the PostgreSQL server at DATABASE_URL', async () => {
    const schema = `example_${process.pid}_${Date.now()}`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    try {
      await admin.query(`create schema ${schema}`)
      const url = new URL(databaseUrl!)
      url.searchParams.set('options', `-c search_path=${schema}`)
      await withServer({ DATABASE_URL: url.toString() }, async (serverUrl, server) => {
        expect(server.stdout.some((line) => line.startsWith('storage: PostgreSQL at '))).toBe(true)
        await registerAt(serverUrl, 'pg@example.com')
      })
      const rows = await admin.query(`select email from ${schema}.portcullis_users`)
      expect(rows.rows).toEqual([{ email: 'pg@example.com' }])
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`)
      await admin.end()
    }
  })

  it.skipIf(!redisUrl)(
    'moves sessions, tokens and rate limits to Redis with REDIS_URL; users stay in SQL',
    async () => {
      const prefix = `example_${process.pid}_${Date.now()}:`
      const redis = new Redis(redisUrl!)
      try {
        await withServer({ REDIS_URL: redisUrl!, REDIS_PREFIX: prefix }, async (url, server) => {
          expect(
            server.stdout.some((line) => line.includes('sessions, tokens and rate limits in Redis')),
          ).toBe(true)
          const cookie = await registerAt(url, 'redis@example.com')
          expect((await fetch(`${url}/auth/me`, { headers: { Cookie: cookie } })).status).toBe(200)
          const sessionId = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!
          const keys = await redis.keys(`${prefix}*`)
          expect(keys.some((key) => key.includes(sessionId))).toBe(true)
          expect(keys.some((key) => key.includes('redis@example.com'))).toBe(false)
        })
      } finally {
        const keys = await redis.keys(`${prefix}*`)
        if (keys.length > 0) await redis.del(...keys)
        await redis.quit()
      }
    },
  )
})
