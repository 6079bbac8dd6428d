import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const exampleDir = fileURLToPath(new URL('..', import.meta.url))

interface Child {
  process: ChildProcess
  stdout: string[]
  stderr: string[]
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
  exited: Promise<number | null>
}

/**
 * Runs the real `src/server.ts` the way a developer would without a build: Node with tsx as
 * loader and the workspace's source condition, so `@portcullis/*` resolve to their sources.
 */
function startServer(env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=@portcullis/source', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: exampleDir,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const stdout: string[] = []
  const stderr: string[] = []
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = []
  const exited = once(child, 'close').then(([code]) => code as number | null)
  const lines = (sink: string[], check: boolean) => {
    let rest = ''
    return (chunk: Buffer) => {
      rest += chunk.toString('utf8')
      const parts = rest.split('\n')
      rest = parts.pop() ?? ''
      for (const line of parts) {
        sink.push(line)
        if (!check) continue
        for (const waiter of [...waiters]) {
          const match = line.match(waiter.pattern)
          if (match) {
            waiters.splice(waiters.indexOf(waiter), 1)
            waiter.resolve(match)
          }
        }
      }
    }
  }
  child.stdout?.on('data', lines(stdout, true))
  child.stderr?.on('data', lines(stderr, false))
  return {
    process: child,
    stdout,
    stderr,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        exited.then((code) =>
          reject(new Error(`server exited with ${code} before printing ${pattern}:\n${stderr.join('\n')}`)),
        )
      }),
  }
}

describe('src/server.ts as a process', () => {
  it('listens, logs its URL, serves the app, and exits 0 on SIGTERM', async () => {
    const server = startServer({
      APP_ORIGIN: 'http://localhost:8787',
      NODE_ENV: 'development',
      SMTP_URL: 'smtp://mail.example:25',
    })
    try {
      const [, url] = await server.waitFor(
        /listening on (http:\/\/127\.0\.0\.1:\d+) \(app origin http:\/\/localhost:8787\)/,
      )
      expect(server.stdout).toContain('SMTP_URL is set, but this build sends no mail yet; it is not used')

      const index = await fetch(`${url}/`)
      expect(index.status).toBe(200)
      const register = await fetch(`${url}/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8787' },
        body: JSON.stringify({ email: 'spawned@example.com', password: 'a passphrase long enough' }),
      })
      expect(register.status).toBe(201)
      const cookie = register.headers.getSetCookie()[0]!.split(';')[0]!
      const privateRoute = await fetch(`${url}/api/private`, { headers: { Cookie: cookie } })
      expect(privateRoute.status).toBe(200)
      expect((await fetch(`${url}/api/private`)).status).toBe(401)
      expect(server.stderr.join('\n')).toContain('generated one for this process')
    } finally {
      server.process.kill('SIGTERM')
    }
    expect(await server.exited).toBe(0)
  })

  it.each(['DATABASE_URL', 'REDIS_URL'])('exits 1 with a one-line message when %s is set', async (name) => {
    const server = startServer({ [name]: 'postgres://db.example/app' })
    expect(await server.exited).toBe(1)
    expect(server.stderr).toHaveLength(1)
    expect(server.stderr[0]).toMatch(
      new RegExp(`^${name} is set, but this build only has the embedded memory store`),
    )
    expect(server.stdout).toEqual([])
  })

  it('exits 1 in production with an http origin', async () => {
    const server = startServer({ NODE_ENV: 'production', APP_ORIGIN: 'http://localhost:8787' })
    expect(await server.exited).toBe(1)
    expect(server.stderr.join('\n')).toMatch(/production needs https/)
  })
})
