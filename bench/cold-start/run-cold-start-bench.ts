import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assertBuilt } from '../http/assert-built.js'
import { buildBenchServers, builtServersDir } from './build-servers.js'
import { type ColdStartCommand, measureColdStart } from './measure-start.js'
import { medianAndP90 } from './stats.js'

/** The figures of one target. */
export interface ColdStartTargetResult {
  name: string
  /** How it is started. */
  command: string
  store: string
  /** The first request and the status it got. */
  request: string
  status: number
  runs: number
  /** Spawn to the first answer: median and nearest-rank p90, in ms. */
  medianMs: number
  p90Ms: number
  /** Spawn to the "listening" line, median, in ms. */
  listeningMedianMs: number
  samplesMs: number[]
}

/** What {@link runColdStartBench} returns. */
export interface ColdStartBenchResult {
  /** When this suite ran (ISO 8601). */
  date: string
  runs: number
  targets: ColdStartTargetResult[]
}

interface ColdStartTarget {
  name: string
  command: string
  store: string
  /** The first request: a GET under the auth endpoint. */
  path: string
  /** A fresh command per run (fresh DATA_DIR); `cleanup` removes what the run left. */
  prepare(): { command: ColdStartCommand; cleanup(): void }
}

const repoDir = fileURLToPath(new URL('../../', import.meta.url))
const exampleDir = join(repoDir, 'examples/hono-node')
const serversDir = fileURLToPath(builtServersDir)
const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' })

/** The main example as `pnpm start` runs it: `node dist/server.js`, PGlite in a fresh DATA_DIR. */
const honoPath = '/auth/me'
const honoExample: ColdStartTarget = {
  name: 'Portcullis: examples/hono-node',
  command: 'node dist/server.js (what pnpm start runs)',
  store: 'PGlite on disk (fresh DATA_DIR), migrations on start',
  path: honoPath,
  prepare() {
    const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-cold-'))
    return {
      command: {
        args: ['dist/server.js'],
        cwd: exampleDir,
        env: { ...baseEnv(), PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
        ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
        path: honoPath,
      },
      cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
    }
  },
}

/** A benchmark server (`http/servers/<file>.ts`, transpiled) on plain node. */
function benchServer(name: string, file: string, store: 'memory' | 'pglite', path: string): ColdStartTarget {
  return {
    name,
    command: `node dist/servers/${file}.js (bench server, transpiled)`,
    store: store === 'memory' ? 'memory' : 'PGlite in memory, schema created on start',
    path,
    prepare: () => ({
      command: {
        args: [join(serversDir, `${file}.js`)],
        cwd: join(repoDir, 'bench'),
        env: { ...baseEnv(), NODE_ENV: 'production', BENCH_STORE: store },
        ready: /^READY (http:\/\/\S+)$/m,
        path,
      },
      cleanup: () => undefined,
    }),
  }
}

const targets: ColdStartTarget[] = [
  honoExample,
  benchServer('Portcullis (Hono)', 'portcullis', 'memory', '/auth/me'),
  benchServer('better-auth 1.7.29 (Hono)', 'better-auth', 'memory', '/api/auth/get-session'),
  benchServer('Portcullis (Hono)', 'portcullis', 'pglite', '/auth/me'),
  benchServer('better-auth 1.7.29 (Hono)', 'better-auth', 'pglite', '/api/auth/get-session'),
]

/** Builds `examples/hono-node` (its `build` script: tsc to `dist/`), as `pnpm start` does before starting. */
function buildExample(): void {
  const result = spawnSync('pnpm', ['--filter', '@portcullis/example-hono-node', 'run', 'build'], {
    cwd: repoDir,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  })
  if (result.status !== 0 || !existsSync(join(exampleDir, 'dist/server.js')))
    throw new Error(`building examples/hono-node failed: ${result.error?.message ?? result.stderr}`)
}

/**
 * Cold start: from spawning a fresh Node process to the first answer of its auth endpoint
 * (`GET /auth/me` → 401 for Portcullis, `GET /api/auth/get-session` → 200 `null` for
 * better-auth), `runs` times per target, the targets taking turns so that a busy moment of the
 * machine falls on all of them. Targets: the main example as `pnpm start` runs it (built, PGlite
 * under a fresh DATA_DIR each run), and the HTTP benchmark's Portcullis and better-auth servers
 * (transpiled to JS, plain node, `NODE_ENV=production`) on memory and on in-memory PGlite.
 */
export async function runColdStartBench(
  runs: number,
  log: (line: string) => void = console.log,
): Promise<ColdStartBenchResult> {
  const date = new Date().toISOString()
  assertBuilt()
  buildExample()
  await buildBenchServers()
  const samples = targets.map(() => [] as { totalMs: number; listeningMs: number; status: number }[])
  log(`cold start: ${targets.length} targets × ${runs} runs`)
  for (let run = 0; run < runs; run++) {
    for (const [index, target] of targets.entries()) {
      const { command, cleanup } = target.prepare()
      try {
        samples[index]!.push(await measureColdStart(command))
      } finally {
        cleanup()
      }
    }
  }
  return {
    date,
    runs,
    targets: targets.map((target, index) => {
      const own = samples[index]!
      const statuses = new Set(own.map((sample) => sample.status))
      if (statuses.size !== 1)
        throw new Error(`${target.name}: first answers differ: ${[...statuses].join(', ')}`)
      const total = medianAndP90(own.map((sample) => sample.totalMs))
      const round = (value: number) => Math.round(value * 10) / 10
      return {
        name: target.name,
        command: target.command,
        store: target.store,
        request: `GET ${target.path}`,
        status: own[0]!.status,
        runs,
        medianMs: round(total.median),
        p90Ms: round(total.p90),
        listeningMedianMs: round(medianAndP90(own.map((sample) => sample.listeningMs)).median),
        samplesMs: own.map((sample) => round(sample.totalMs)),
      }
    }),
  }
}
