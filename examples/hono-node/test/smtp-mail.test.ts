import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The end-to-end bar: the account flows through the example's real server (src/server.ts
// as a process, as a developer starts it) over real HTTP, with SMTP_URL pointing at a real SMTP
// server started here. What is asserted is the delivered message, not a mock call.

const ORIGIN = 'http://localhost:8787'
const MAIL_FROM = 'Portcullis example <no-reply@example.test>'
const SMTP_USER = 'example-mailer'
const SMTP_PASS = 'smtp p@ss/word'
/** Longest wait for a message the server should deliver (it sends after answering 202). */
const DELIVERY_TIMEOUT_MS = 15_000

interface Delivered {
  envelopeFrom: string | undefined
  envelopeTo: string[]
  mail: ParsedMail
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives, behind AUTH PLAIN. */
async function startSmtpServer() {
  const delivered: Delivered[] = []
  const recipients: string[] = []
  const logins: string[] = []
  const waiters = new Set<() => void>()
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '')
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) callback(null, { user: SMTP_USER })
      else callback(new Error('Invalid username or password'))
    },
    onRcptTo(address, _session, callback) {
      recipients.push(address.address)
      callback()
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          delivered.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            mail,
          })
          for (const wake of [...waiters]) wake()
          callback()
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))))
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    delivered,
    recipients,
    logins,
    /** The `nth` (1-based) message delivered to `to`, now or when it arrives. */
    messageTo(to: string, nth = 1): Promise<Delivered> {
      const find = () => delivered.filter((d) => d.envelopeTo.includes(to))[nth - 1]
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find()
          if (!found) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve(found)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          const seen = delivered.map((d) => d.envelopeTo.join(','))
          reject(new Error(`no message #${nth} to ${to} within ${DELIVERY_TIMEOUT_MS} ms; got: ${seen}`))
        }, DELIVERY_TIMEOUT_MS)
        waiters.add(check)
        check()
      })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

interface ExampleProcess {
  url: string
  stdout: string[]
  stderr: string[]
  stop(): Promise<number | null>
}

/** Starts `src/server.ts` as `node --conditions=@portcullis/source --import tsx` with `env`. */
async function startExample(env: Record<string, string>): Promise<ExampleProcess> {
  const exampleDir = fileURLToPath(new URL('..', import.meta.url))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@portcullis/source', '--import', 'tsx', 'src/server.ts'],
    { cwd: exampleDir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const stdout: string[] = []
  const stderr: string[] = []
  const exited = once(child, 'close').then(([code]) => code as number | null)
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
  })
  const url = await listening
  return {
    url,
    stdout,
    stderr,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let example: ExampleProcess
const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-example-smtp-'))

beforeAll(async () => {
  smtp = await startSmtpServer()
  example = await startExample({
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'development',
    APP_ORIGIN: ORIGIN,
    AUTH_SECRET: 'an example secret for the smtp test, 32+ chars',
    DATA_DIR: dataDir,
    SMTP_URL: `smtp://${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${smtp.port}`,
    MAIL_FROM,
  })
}, 60_000)

afterAll(async () => {
  const code = await example?.stop()
  await smtp?.close()
  rmSync(dataDir, { recursive: true, force: true })
  expect(code).toBe(0)
})

/** A request to the running example from the trusted origin, with JSON and an optional cookie. */
function send(method: string, path: string, body?: unknown, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = { Origin: ORIGIN }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (cookie) headers.Cookie = cookie
  return fetch(`${example.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

const sessionCookie = (response: Response) => response.headers.getSetCookie()[0]!.split(';')[0]!

async function registerUser(email: string, password: string): Promise<string> {
  const response = await send('POST', '/auth/register', { email, password })
  expect(response.status).toBe(201)
  return sessionCookie(response)
}

/**
 * The token of the one link to `${ORIGIN}${path}` in a delivered message: the same in the text
 * and the HTML part, and built from APP_ORIGIN.
 */
function tokenIn(delivered: Delivered, path: string): string {
  const pattern = new RegExp(`${ORIGIN}${path}\\?token=([A-Za-z0-9_-]+)`, 'g')
  const inText = [...(delivered.mail.text ?? '').matchAll(pattern)].map((m) => m[1])
  const inHtml = [...(delivered.mail.html || '').matchAll(pattern)].map((m) => m[1])
  expect(inText).toHaveLength(1)
  expect(new Set(inHtml)).toEqual(new Set(inText))
  return inText[0]!
}

/** Checks the envelope and headers every account message must have. */
function expectAddressedTo(delivered: Delivered, to: string, subject: string): void {
  expect(delivered.envelopeTo).toEqual([to])
  expect(delivered.envelopeFrom).toBe('no-reply@example.test')
  expect(delivered.mail.from?.value).toEqual([
    { address: 'no-reply@example.test', name: 'Portcullis example' },
  ])
  expect(delivered.mail.to).toMatchObject({ value: [{ address: to }] })
  expect(delivered.mail.subject).toBe(subject)
}

describe('account mail through src/server.ts over real HTTP and real SMTP (SMTP_URL)', () => {
  it('verifies an email address from the delivered message', async () => {
    const cookie = await registerUser('verify@example.com', 'a passphrase to verify with')
    const before = await send('GET', '/auth/email-verification/status', undefined, cookie)
    expect(await before.json()).toEqual({ email: 'verify@example.com', verified: false })

    const request = await send('POST', '/auth/email-verification/request', undefined, cookie)
    expect(request.status).toBe(202)
    const delivered = await smtp.messageTo('verify@example.com')
    expectAddressedTo(delivered, 'verify@example.com', 'Confirm your email address')
    // The server logged in with the credentials from SMTP_URL.
    expect(smtp.logins).toContain(SMTP_USER)

    const confirm = await send('POST', '/auth/email-verification/confirm', {
      token: tokenIn(delivered, '/verify-email'),
    })
    expect(confirm.status).toBe(204)
    const after = await send('GET', '/auth/email-verification/status', undefined, cookie)
    expect(after.status).toBe(200)
    expect(await after.json()).toEqual({ email: 'verify@example.com', verified: true })
  })

  it('resets a password from the delivered message: the new password works, the old one and old sessions do not', async () => {
    const oldPassword = 'the original passphrase'
    const newPassword = 'the replacement passphrase'
    const registered = await registerUser('reset@example.com', oldPassword)
    const login = await send('POST', '/auth/login', {
      identifier: 'reset@example.com',
      password: oldPassword,
    })
    expect(login.status).toBe(200)
    const loggedIn = sessionCookie(login)
    for (const cookie of [registered, loggedIn])
      expect((await send('GET', '/api/private', undefined, cookie)).status).toBe(200)

    const request = await send('POST', '/auth/password-reset/request', { email: 'reset@example.com' })
    expect(request.status).toBe(202)
    const delivered = await smtp.messageTo('reset@example.com')
    expectAddressedTo(delivered, 'reset@example.com', 'Reset your password')
    const confirm = await send('POST', '/auth/password-reset/confirm', {
      token: tokenIn(delivered, '/reset-password'),
      newPassword,
    })
    expect(confirm.status).toBe(204)
    expect(confirm.headers.getSetCookie()).toEqual([])

    // Every session from before the reset is gone.
    for (const cookie of [registered, loggedIn]) {
      expect((await send('GET', '/api/private', undefined, cookie)).status).toBe(401)
      expect((await send('GET', '/auth/me', undefined, cookie)).status).toBe(401)
    }
    const old = await send('POST', '/auth/login', { identifier: 'reset@example.com', password: oldPassword })
    expect(old.status).toBe(401)
    const fresh = await send('POST', '/auth/login', {
      identifier: 'reset@example.com',
      password: newPassword,
    })
    expect(fresh.status).toBe(200)
    expect((await send('GET', '/api/private', undefined, sessionCookie(fresh))).status).toBe(200)
  })

  it('answers a reset for an unknown address exactly like a known one, and delivers nothing to it', async () => {
    await registerUser('known@example.com', 'a passphrase for the known one')
    const unknown = await send('POST', '/auth/password-reset/request', { email: 'nobody@example.com' })
    // Sent after the unknown one: once its message has arrived, any message the unknown request
    // had started would have had its chance too.
    const known = await send('POST', '/auth/password-reset/request', { email: 'known@example.com' })
    expect(unknown.status).toBe(202)
    expect(known.status).toBe(202)
    expect(await unknown.text()).toBe(await known.text())
    expect(unknown.headers.get('content-type')).toBe(known.headers.get('content-type'))

    expectAddressedTo(await smtp.messageTo('known@example.com'), 'known@example.com', 'Reset your password')
    expect(smtp.recipients).not.toContain('nobody@example.com')
    expect(smtp.delivered.flatMap((d) => d.envelopeTo)).not.toContain('nobody@example.com')
    expect(smtp.delivered.flatMap((d) => d.envelopeTo).sort()).toEqual([
      'known@example.com',
      'reset@example.com',
      'verify@example.com',
    ])
  })
})
