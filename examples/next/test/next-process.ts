import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The example's folder. */
export const exampleDir = fileURLToPath(new URL('..', import.meta.url))
const repoDir = fileURLToPath(new URL('../../..', import.meta.url))

/** The workspace packages the built app loads from their `dist` (as an installed app would). */
const WORKSPACE_DEPENDENCIES = ['core', 'memory', 'drizzle', 'redis', 'smtp', 'next']

/** Next's CLI, or null when the `next` package is not installed. */
export function nextBin(): string | null {
  try {
    const require = createRequire(`${exampleDir}/package.json`)
    return require.resolve('next/dist/bin/next')
  } catch {
    return null
  }
}

/** A port of 127.0.0.1 that was free a moment ago (APP_ORIGIN must name it before the server starts). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}

/** Runs a command to completion, keeping its output for the error message. */
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  const [code] = (await once(child, 'close')) as [number | null]
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.join('').slice(-4000)}`)
}

let built: Promise<number> | null = null

/**
 * `next build` once per test process (NEXT_TELEMETRY_DISABLED=1, offline). The workspace
 * packages are loaded from their `dist`: when one is missing (CI runs `pnpm build` before the
 * tests; a fresh checkout has none) they are built first with `pnpm --filter … run build`.
 *
 * @returns How long the build took, in milliseconds.
 */
export function buildOnce(): Promise<number> {
  built ??= (async () => {
    const started = performance.now()
    const missing = WORKSPACE_DEPENDENCIES.filter(
      (name) => !existsSync(`${repoDir}/packages/${name}/dist/index.js`),
    )
    if (missing.length > 0) {
      const filters = WORKSPACE_DEPENDENCIES.flatMap((name) => ['--filter', `@portcullis/${name}`])
      await run('pnpm', [...filters, 'run', 'build'], repoDir, process.env)
    }
    const bin = nextBin()
    if (!bin) throw new Error('next is not installed')
    await run(process.execPath, [bin, 'build'], exampleDir, {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? exampleDir,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
    })
    return performance.now() - started
  })()
  return built
}

/** A running `next start`. */
export interface NextServer {
  /** Where to send requests, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string
  /** The trusted origin (APP_ORIGIN), `http://localhost:<port>`: the WebAuthn RP id is `localhost`. */
  origin: string
  stdout: string[]
  stderr: string[]
  /** Milliseconds from spawn to the first answer of /auth/.well-known/jwks.json. */
  readyAfterMs: number
  /** SIGTERM, then resolves with the exit code. */
  close(): Promise<number | null>
}

/**
 * Starts `next start -p <port> -H 127.0.0.1` on the built app with only PATH, PORT, APP_ORIGIN and
 * `env` as its environment (memory storage unless `env` says otherwise), and resolves once
 * `/auth/.well-known/jwks.json` answers 200, polling until a 30-second deadline.
 */
export async function startNext(env: Record<string, string> = {}): Promise<NextServer> {
  const bin = nextBin()
  if (!bin) throw new Error('next is not installed')
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const baseUrl = `http://127.0.0.1:${port}`
  const started = performance.now()
  const child: ChildProcess = spawn(process.execPath, [bin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: exampleDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? exampleDir,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      PORT: String(port),
      APP_ORIGIN: origin,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout: string[] = []
  const stderr: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(...chunk.toString('utf8').split('\n')))
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n')))
  let exitCode: number | null | undefined
  const exited = once(child, 'close').then(([code]) => {
    exitCode = code as number | null
    return exitCode
  })
  const close = async (): Promise<number | null> => {
    if (exitCode === undefined) child.kill('SIGTERM')
    return exited
  }

  const deadline = Date.now() + 30_000
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    if (exitCode !== undefined) {
      throw new Error(`next start exited with ${exitCode}:\n${[...stdout, ...stderr].join('\n')}`)
    }
    const answer = await fetch(`${baseUrl}/auth/.well-known/jwks.json`).catch(() => null)
    if (answer?.status === 200) break
    await answer?.body?.cancel()
    if (Date.now() > deadline) {
      await close()
      throw new Error(`next start did not answer within 30 s:\n${[...stdout, ...stderr].join('\n')}`)
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
  return { baseUrl, origin, stdout, stderr, readyAfterMs: performance.now() - started, close }
}
