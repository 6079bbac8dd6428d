import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The real example server, running as a child process on Node. */
export interface ExampleProcess {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  url: string
  stdout: string[]
  stderr: string[]
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>
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

/**
 * Starts `src/server.ts` the way `pnpm dev` does (`node --conditions=@portcullis/source
 * --import tsx`), with only `PATH` and `env` as its environment, and resolves once it logs that
 * it listens and answers `GET /`; rejects when it exits first or after `deadlineMs`.
 */
export async function startExample(
  env: Record<string, string>,
  deadlineMs = 20_000,
): Promise<ExampleProcess> {
  const exampleDir = fileURLToPath(new URL('..', import.meta.url))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@portcullis/source', '--import', 'tsx', 'src/server.ts'],
    { cwd: exampleDir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const stdout: string[] = []
  const stderr: string[] = []
  const exited = once(child, 'close').then(([code]) => code as number | null)
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    return exited
  }
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n')))
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
    exited.then((code) => reject(new Error(`server exited with ${code}:\n${stderr.join('\n')}`)))
    setTimeout(() => reject(new Error(`server did not listen within ${deadlineMs} ms`)), deadlineMs).unref()
  })
  try {
    const url = await listening
    // Listening is not answering: poll until the first answer, within the same deadline.
    const until = Date.now() + deadlineMs
    for (;;) {
      try {
        if ((await fetch(`${url}/`)).ok) break
      } catch (error) {
        if (Date.now() > until) throw error
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return { url, stdout, stderr, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
