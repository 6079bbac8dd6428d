import { spawn } from 'node:child_process'
import { once } from 'node:events'

/** What one `bun test` run produced. */
export interface BunRun {
  code: number | null
  output: string
  milliseconds: number
}

/**
 * Runs the Bun binary with `args` in `cwd` and collects its output; kills it after
 * `timeoutMs` (the run then fails with a null code).
 */
export async function runBun(
  binary: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<BunRun> {
  const started = performance.now()
  const child = spawn(binary, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const chunks: string[] = []
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [code] = (await once(child, 'close')) as [number | null]
  clearTimeout(timer)
  return { code, output: chunks.join(''), milliseconds: Math.round(performance.now() - started) }
}
