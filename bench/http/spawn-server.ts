import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

/** A benchmark server running in its own process. */
export interface ServerProcess {
  url: string
  /** Sends SIGTERM and waits for the process to end. */
  stop(): Promise<void>
}

const benchDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * Starts `http/servers/<name>.ts` in a child Node process (tsx as loader, so that the load
 * generator in this process does not share the server's event loop) and resolves once the
 * child prints `READY <url>`. Rejects if it exits first, with its stderr. `env` adds variables
 * (`BENCH_STORE`, `BENCH_DATABASE_URL`).
 */
export function spawnServer(name: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', `http/servers/${name}.ts`], {
    cwd: benchDir,
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const closed = once(child, 'close')
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  return new Promise((resolve, reject) => {
    let stdout = ''
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString('utf8')
      const match = /^READY (http:\/\/\S+)$/m.exec(stdout)
      if (!match) return
      child.stdout?.off('data', onData)
      resolve({
        url: match[1]!,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await closed
        },
      })
    }
    child.stdout?.on('data', onData)
    closed.then(([code]) =>
      reject(new Error(`${name} server exited with ${code} before it was ready:\n${stderr}`)),
    )
  })
}
