import { assertBuilt } from './assert-built.js'
import { type LoadFigures, type LoadSettings, measure } from './load.js'
import { benchOrigin } from './servers/settings.js'
import { spawnServer } from './spawn-server.js'

/** One row of the bearer-JWT benchmark. */
export interface JwtTargetResult extends LoadFigures {
  name: string
  request: string
}

/** What {@link runJwtBench} returns. */
export interface JwtBenchResult {
  settings: LoadSettings
  targets: JwtTargetResult[]
  /** Portcullis req/s divided by hono/jwt req/s (target: at least 0.9). */
  ratio: number
}

/**
 * Measures `GET /auth/me` authenticated with a bearer access token (signature and claims checked,
 * then the user read from the memory store) against a `hono/jwt`-guarded route on the same app,
 * in the same server process, with the same token: HS256, 50 connections.
 */
export async function runJwtBench(
  settings: LoadSettings,
  log: (line: string) => void = console.log,
): Promise<JwtBenchResult> {
  assertBuilt()
  const server = await spawnServer('portcullis', { BENCH_STORE: 'memory', BENCH_JWT: '1' })
  try {
    const headers = { 'Content-Type': 'application/json', Origin: benchOrigin }
    const credentials = {
      email: 'jwt-bench@example.com',
      password: 'a benchmark passphrase that is long enough',
    }
    const register = await fetch(`${server.url}/auth/register`, {
      method: 'POST',
      headers,
      body: JSON.stringify(credentials),
    })
    if (register.status !== 201)
      throw new Error(`register answered ${register.status}: ${await register.text()}`)
    const { accessToken } = (await register.json()) as { accessToken?: string }
    if (!accessToken) throw new Error('register returned no access token: is jwt on?')
    const authorization = { authorization: `Bearer ${accessToken}` }
    for (const path of ['/auth/me', '/hono-jwt/me']) {
      const check = await fetch(`${server.url}${path}`, { headers: authorization })
      if (check.status !== 200) throw new Error(`GET ${path} with the token answered ${check.status}`)
      if ((await fetch(`${server.url}${path}`)).status !== 401)
        throw new Error(`GET ${path} without a token was not 401`)
    }
    const targets: JwtTargetResult[] = []
    for (const [name, path] of [
      ['Portcullis (bearer JWT + user lookup)', '/auth/me'],
      ['hono/jwt middleware', '/hono-jwt/me'],
    ] as const) {
      log(
        `${name}: GET ${path} verified; ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured`,
      )
      const figures = await measure(`${server.url}${path}`, authorization, settings)
      if (figures.errors > 0 || figures.non2xx > 0)
        throw new Error(
          `${name}: ${figures.errors} errors and ${figures.non2xx} non-2xx responses under load`,
        )
      targets.push({ name, request: `GET ${path}`, ...figures })
    }
    return { settings, targets, ratio: targets[0]!.requestsPerSecondMean / targets[1]!.requestsPerSecondMean }
  } finally {
    await server.stop()
  }
}
