import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { createSmtpMailer, type SmtpMailer } from '../src/index.js'

const USER = 'mailer'
const PASS = 's3cret-p@ss/word'
const FROM = 'Portcullis <no-reply@example.com>'

interface Received {
  envelopeFrom: string | undefined
  envelopeTo: string[]
  mail: ParsedMail
}

interface TestServer {
  port: number
  /** Every session the server saw (a connection counts even without a message). */
  connections: number
  /** Addresses seen in RCPT TO. */
  recipients: string[]
  logins: { user: string | undefined; pass: string | undefined }[]
  received: Promise<Received>
  close(): Promise<void>
}

const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startServer(options: Partial<SMTPServerOptions> = {}): Promise<TestServer> {
  let resolveReceived!: (r: Received) => void
  let rejectReceived!: (e: unknown) => void
  const received = new Promise<Received>((resolve, reject) => {
    resolveReceived = resolve
    rejectReceived = reject
  })
  received.catch(() => {})
  const state = { connections: 0, recipients: [] as string[], logins: [] as TestServer['logins'] }
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN'],
    logger: false,
    onConnect(_session, callback) {
      state.connections++
      callback()
    },
    onAuth(auth, _session, callback) {
      state.logins.push({ user: auth.username, pass: auth.password ?? undefined })
      if (auth.username === USER && auth.password === PASS) callback(null, { user: USER })
      else callback(new Error('Invalid username or password'))
    },
    onRcptTo(address, _session, callback) {
      state.recipients.push(address.address)
      callback()
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          resolveReceived({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            mail,
          })
          callback()
        })
        .catch((error: unknown) => {
          rejectReceived(error)
          callback(error instanceof Error ? error : new Error(String(error)))
        })
    },
    ...options,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  const test: TestServer = {
    port,
    get connections() {
      return state.connections
    },
    recipients: state.recipients,
    logins: state.logins,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  cleanups.push(() => test.close())
  return test
}

function mailer(url: string, from = FROM): SmtpMailer {
  const m = createSmtpMailer({ url, from, timeoutMs: 5_000 })
  cleanups.push(() => m.close())
  return m
}

const message = {
  to: 'alice@example.com',
  subject: 'Sign in to Example',
  text: 'Open https://example.com/verify?token=abc to sign in.',
  html: '<p>Open <a href="https://example.com/verify?token=abc">this link</a> to sign in.</p>',
}

function allText(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  while (current instanceof Error) {
    parts.push(current.message, String(current.stack))
    current = current.cause
  }
  return parts.join('\n')
}

describe('createSmtpMailer: delivery', () => {
  it('delivers one message with from, one to, subject, text and html, logging in with the URL credentials', async () => {
    const server = await startServer()
    const m = mailer(`smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${server.port}`)
    await m.send(message)
    const { mail, envelopeFrom, envelopeTo } = await server.received

    expect(server.logins).toEqual([{ user: USER, pass: PASS }])
    expect(envelopeFrom).toBe('no-reply@example.com')
    expect(envelopeTo).toEqual(['alice@example.com'])
    expect(mail.from?.value).toEqual([{ name: 'Portcullis', address: 'no-reply@example.com' }])
    const to = Array.isArray(mail.to) ? mail.to : [mail.to]
    expect(to).toHaveLength(1)
    expect(to[0]?.value).toEqual([{ name: '', address: 'alice@example.com' }])
    expect(mail.cc).toBeUndefined()
    expect(mail.bcc).toBeUndefined()
    expect(mail.subject).toBe(message.subject)
    expect(mail.text?.trim()).toBe(message.text)
    expect(mail.html).toBe(message.html)
  })

  it('sends without AUTH when the URL has no credentials', async () => {
    const server = await startServer({ authOptional: true })
    await mailer(`smtp://127.0.0.1:${server.port}`, 'no-reply@example.com').send(message)
    const { mail } = await server.received
    expect(server.logins).toEqual([])
    expect(mail.subject).toBe(message.subject)
  })
})

describe('createSmtpMailer: server refusals', () => {
  it('rejects when the server refuses RCPT TO, with the cause kept', async () => {
    const server = await startServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }))
      },
    })
    const error = await mailer(`smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${server.port}`)
      .send(message)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/^smtp: sending failed/)
    expect((error as Error).cause).toBeInstanceOf(Error)
    expect(allText(error)).not.toContain(PASS)
  })

  it('rejects on wrong credentials without the password in any message', async () => {
    const server = await startServer()
    const wrong = 'wrong-Pa55word'
    const error = await mailer(`smtp://${USER}:${wrong}@127.0.0.1:${server.port}`)
      .send(message)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain('EAUTH')
    expect(server.logins).toEqual([{ user: USER, pass: wrong }])
    expect(allText(error)).not.toContain(wrong)
    expect(JSON.stringify((error as Error).cause)).not.toContain(wrong)
  })

  it('rejects fast when nothing listens', async () => {
    const server = await startServer()
    const { port } = server
    await server.close()
    const error = await mailer(`smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`)
      .send(message)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(allText(error)).not.toContain(PASS)
  })
})

describe('createSmtpMailer: recipient checks before connecting', () => {
  for (const to of [
    'a@example.com,b@evil.test',
    'a@example.com, b@evil.test',
    'a@example.com\r\nBcc: b@evil.test',
    'a@example.com\nb@evil.test',
    'a@example.com;b@evil.test',
    '',
  ]) {
    it(`rejects ${JSON.stringify(to)} and the server sees nothing`, async () => {
      const server = await startServer({ authOptional: true })
      await expect(mailer(`smtp://127.0.0.1:${server.port}`).send({ ...message, to })).rejects.toThrow()
      expect(server.connections).toBe(0)
      expect(server.recipients).toEqual([])
    })
  }
})

describe('createSmtpMailer: configuration', () => {
  it.each([
    ['not a url', 'not a url'],
    ['http', 'http://user:pass@example.com'],
    ['smtp with no host', 'smtp://'],
    ['a path', 'smtp://example.com/inbox'],
    ['a query', 'smtp://example.com?secure=false'],
  ])('throws TypeError for %s', (_name, url) => {
    expect(() => createSmtpMailer({ url, from: FROM })).toThrow(TypeError)
  })

  it.each([
    ['empty', ''],
    ['no @', 'no-reply'],
    ['two mailboxes', 'a@example.com, b@example.com'],
    ['a line break', 'a@example.com\r\nBcc: b@evil.test'],
    ['a group', 'team: a@example.com;'],
  ])('throws TypeError for a from with %s', (_name, from) => {
    expect(() => createSmtpMailer({ url: 'smtp://example.com', from })).toThrow(TypeError)
  })

  it('throws TypeError for a bad timeout', () => {
    expect(() => createSmtpMailer({ url: 'smtp://example.com', from: FROM, timeoutMs: 0 })).toThrow(TypeError)
  })

  it('keeps the password out of construction errors', () => {
    for (const url of [
      `ftp://u:${PASS}@example.com`,
      `smtp://u:${PASS}@example.com/x`,
      `smtp://u:${PASS}@exa mple.com`,
    ]) {
      let error: unknown
      try {
        createSmtpMailer({ url, from: FROM })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(TypeError)
      expect(allText(error)).not.toContain(PASS)
      expect((error as Error).cause).toBeUndefined()
    }
  })

  it('accepts smtps:// and a bare address as from', () => {
    const m = createSmtpMailer({ url: 'smtps://u:p@smtp.example.com', from: 'no-reply@example.com' })
    m.close()
  })
})
