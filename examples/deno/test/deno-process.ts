import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The example's directory. */
export const exampleDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * The Deno executable that `"deno": "2.9.6"` (devDependency) installs, or null when it is
 * missing. The executable itself, not `node_modules/.bin/deno`: that shim runs Node, which runs
 * Deno as a grandchild, so a signal sent to the shim would leave the server running.
 */
export function denoBinary(): string | null {
  const require = createRequire(import.meta.url)
  let manifest: string
  try {
    manifest = require.resolve('deno/package.json')
  } catch {
    return null
  }
  const path = join(dirname(manifest), process.platform === 'win32' ? 'deno.exe' : 'deno')
  return existsSync(path) ? path : null
}

/**
 * The arguments of the `start` script (`deno run … src/server.ts`), read from package.json so
 * the test runs exactly what `pnpm start` runs.
 */
export function startArguments(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string }
  }
  const [command, ...args] = manifest.scripts.start.split(/\s+/)
  if (command !== 'deno') throw new Error(`the start script should run deno, it runs ${command}`)
  return args
}

/** A port of 127.0.0.1 that was free a moment ago (APP_ORIGIN must name it before the start). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}

/** The example running in Deno. */
export interface DenoExample {
  /** `http://127.0.0.1:<port>`, from its log line. */
  url: string
  /** Milliseconds from spawn to the log line that says it listens. */
  startMs: number
  stdout: string[]
  stderr: string[]
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>
}

/**
 * Starts the example with the `start` script's arguments and `env` (plus `PATH`, `HOME` and
 * settings that keep Deno off the network: no update check, no prompts, `--cached-only`);
 * resolves once it logs that it listens, rejects if it exits first or after `timeoutMs`.
 */
export async function startDenoExample(
  deno: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<DenoExample> {
  const started = performance.now()
  const child: ChildProcess = spawn(deno, startArguments(), {
    cwd: exampleDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}),
      DENO_NO_UPDATE_CHECK: '1',
      DENO_NO_PROMPT: '1',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout: string[] = []
  const stderr: string[] = []
  const exited = once(child, 'close').then(([code]) => code as number | null)
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n')))
  let timer: ReturnType<typeof setTimeout> | undefined
  const listening = new Promise<string>((resolve, reject) => {
    let rest = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      rest += chunk.toString('utf8')
      const lines = rest.split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) {
        stdout.push(line)
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
        if (match) resolve(match[1]!)
      }
    })
    exited.then((code) => reject(new Error(`deno exited with ${code}:\n${stderr.join('\n')}`)))
    timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`deno did not listen within ${timeoutMs} ms:\n${stderr.join('\n')}`))
    }, timeoutMs)
  })
  try {
    const url = await listening
    return {
      url,
      startMs: performance.now() - started,
      stdout,
      stderr,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
        return exited
      },
    }
  } finally {
    clearTimeout(timer)
  }
}
