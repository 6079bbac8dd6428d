import { spawn } from 'node:child_process'
import { once } from 'node:events'

/** One process to start: command, working directory, environment and what to ask it first. */
export interface ColdStartCommand {
  args: string[]
  cwd: string
  env: Record<string, string>
  /** Matches the stdout line that names the URL it listens on (group 1: the base URL). */
  ready: RegExp
  /** The first request, under the auth endpoint, e.g. `/auth/me`. */
  path: string
}

/** One measured start. */
export interface ColdStartSample {
  /** Spawn to the first HTTP answer of the auth endpoint, in milliseconds. */
  totalMs: number
  /** Spawn to the line saying it listens. */
  listeningMs: number
  /** The status of that first answer. */
  status: number
}

/**
 * Starts `node <args>` as a fresh process, waits for its "listening" line, sends the first
 * request at once, and returns the times from spawn; the process is then killed (SIGTERM) and
 * awaited. Any answer counts (a 401 is an answer: the auth handler, its store and its keys were
 * ready to produce it). Rejects if the process exits first or does not answer within `timeoutMs`.
 */
export async function measureColdStart(
  command: ColdStartCommand,
  timeoutMs = 60_000,
): Promise<ColdStartSample> {
  const started = performance.now()
  const child = spawn(process.execPath, command.args, {
    cwd: command.cwd,
    env: command.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const closed = once(child, 'close')
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = ''
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        const match = command.ready.exec(stdout)
        if (match) resolve(match[1]!)
      })
      closed.then(([code]) => reject(new Error(`exited with ${code} before listening:\n${stderr}`)))
      timer = setTimeout(
        () => reject(new Error(`not listening after ${timeoutMs} ms:\n${stderr}`)),
        timeoutMs,
      )
    })
    const listeningMs = performance.now() - started
    const response = await fetch(`${url}${command.path}`)
    await response.arrayBuffer()
    return { totalMs: performance.now() - started, listeningMs, status: response.status }
  } finally {
    clearTimeout(timer)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await closed
  }
}
