import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The example running as a child process of the Bun binary. */
export interface ExampleProcess {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  url: string
  port: number
  stdout: string[]
  stderr: string[]
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>
}

/** A port nobody listens on right now (the OS picks it; a tiny race remains, as with any free-port probe). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

const exampleDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * Starts `src/server.ts` the way its `start` script does (`bun run --conditions=@portcullis/source
 * src/server.ts`), with only `PATH` and `env` as its environment, and resolves once it logs that
 * it listens (its first answer is then possible: Bun.serve listens synchronously). Rejects with
 * its stderr when it exits first, or after `timeoutMs`.
 */
export async function startExample(
  bun: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ExampleProcess> {
  const child: ChildProcess = spawn(bun, ['run', '--conditions=@portcullis/source', 'src/server.ts'], {
    cwd: exampleDir,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
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
    exited.then((code) => reject(new Error(`the Bun example exited with ${code}:\n${stderr.join('\n')}`)))
    timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the Bun example did not listen within ${timeoutMs} ms:\n${stderr.join('\n')}`))
    }, timeoutMs)
  }).finally(() => clearTimeout(timer))
  const url = await listening
  return {
    url,
    port: Number(new URL(url).port),
    stdout,
    stderr,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}
