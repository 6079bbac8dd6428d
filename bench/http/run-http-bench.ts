import { assertBuilt } from './assert-built.js'
import { type LoadFigures, type LoadSettings, measure } from './load.js'
import type { BenchStore } from './servers/database.js'
import { benchOrigin } from './servers/settings.js'
import { spawnServer } from './spawn-server.js'
import { type Account, betterAuth, portcullis, type Target } from './targets.js'

/** The figures of one target. */
export interface HttpTargetResult extends LoadFigures {
  name: string
  request: string
}

/** Both libraries on one store. */
export interface HttpStoreResult {
  /** `memory`, `pglite` or `postgres`. */
  store: BenchStore
  targets: HttpTargetResult[]
  /** Portcullis req/s divided by better-auth req/s. */
  ratio: number
}

/** What {@link runHttpBench} returns. */
export interface HttpBenchResult {
  settings: LoadSettings
  stores: HttpStoreResult[]
  /** Stores not measured, with the reason (e.g. no database URL). */
  skipped: string[]
}

const account: Account = {
  email: 'bench@example.com',
  password: 'a benchmark passphrase that is long enough',
  name: 'Bench User',
  origin: benchOrigin,
}

/** Checks, before any load, that the measured request answers 200 and describes the signed-up user. */
async function verify(target: Target, url: string, cookie: string): Promise<void> {
  const response = await fetch(`${url}${target.path}`, { headers: { Cookie: cookie } })
  const body: unknown = await response.json().catch(() => null)
  const email = target.userEmail(body)
  if (response.status !== 200 || email !== account.email) {
    throw new Error(
      `${target.name}: GET ${target.path} answered ${response.status} for ${email ?? 'no user'}`,
    )
  }
  const anonymous = await fetch(`${url}${target.path}`)
  const anonymousEmail = target.userEmail(await anonymous.json().catch(() => null))
  if (anonymousEmail !== null)
    throw new Error(`${target.name}: GET ${target.path} without a cookie returned a user`)
}

async function runTarget(
  target: Target,
  store: BenchStore,
  settings: LoadSettings,
  log: (line: string) => void,
): Promise<HttpTargetResult> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? ''
  const server = await spawnServer(target.server, { BENCH_STORE: store, BENCH_DATABASE_URL: databaseUrl })
  try {
    const cookie = await target.signUp(server.url, account)
    await verify(target, server.url, cookie)
    log(
      `${target.name} on ${store}: GET ${target.path} verified; ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured`,
    )
    const figures = await measure(`${server.url}${target.path}`, { cookie }, settings)
    if (figures.errors > 0 || figures.non2xx > 0) {
      throw new Error(
        `${target.name}: ${figures.errors} errors and ${figures.non2xx} non-2xx responses under load`,
      )
    }
    return { name: target.name, request: `GET ${target.path}`, ...figures }
  } finally {
    await server.stop()
  }
}

/**
 * Measures an authenticated session read (`GET /auth/me` vs better-auth's
 * `GET /api/auth/get-session`) on Hono + @hono/node-server, each server in its own child
 * process, one after the other, with autocannon in this process; on each store: the libraries'
 * memory stores, PGlite, and the PostgreSQL server at `BENCH_DATABASE_URL` or `DATABASE_URL`
 * (skipped, and said so, when neither is set). Portcullis uses `@portcullis/drizzle`,
 * better-auth its drizzle adapter, on the same database.
 */
export async function runHttpBench(
  settings: LoadSettings,
  log: (line: string) => void = console.log,
  stores: readonly BenchStore[] = ['memory', 'pglite', 'postgres'],
): Promise<HttpBenchResult> {
  assertBuilt()
  const results: HttpStoreResult[] = []
  const skipped: string[] = []
  for (const store of stores) {
    if (store === 'postgres' && !process.env.BENCH_DATABASE_URL && !process.env.DATABASE_URL) {
      skipped.push('postgres: set DATABASE_URL (or BENCH_DATABASE_URL) to measure on a PostgreSQL server')
      continue
    }
    const ours = await runTarget(portcullis, store, settings, log)
    const theirs = await runTarget(betterAuth, store, settings, log)
    results.push({
      store,
      targets: [ours, theirs],
      ratio: ours.requestsPerSecondMean / theirs.requestsPerSecondMean,
    })
  }
  return { settings, stores: results, skipped }
}
