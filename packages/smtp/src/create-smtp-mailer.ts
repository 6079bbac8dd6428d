import { assertSingleRecipient, type Mailer, type MailMessage } from '@portcullis/core'
import { createTransport } from 'nodemailer'
import addressparser from 'nodemailer/lib/addressparser'

/** Options of {@link createSmtpMailer}. */
export interface SmtpMailerOptions {
  /**
   * Where to send: `smtp://user:pass@host:port` (plain connection, upgraded with STARTTLS when the
   * server offers it; port 587 by default) or `smtps://user:pass@host:port` (implicit TLS; port 465
   * by default). User name and password are optional and percent-decoded.
   */
  url: string
  /** The sender: one mailbox, `no-reply@example.com` or `Example <no-reply@example.com>`. */
  from: string
  /** Limit for connecting, for the server's greeting and for each idle socket wait, in ms. @default 10000 */
  timeoutMs?: number
}

/** A {@link Mailer} that sends over SMTP. */
export interface SmtpMailer extends Mailer {
  /** Releases the transport. Messages are sent one connection each, so this never interrupts a send. */
  close(): void
}

/**
 * Creates a mailer that delivers each message over SMTP with nodemailer, one connection per message.
 *
 * @throws {TypeError} when `url` is not an `smtp://` or `smtps://` URL with a host, when `timeoutMs`
 * is not a positive number, or when `from` is not exactly one valid mailbox. The messages never
 * contain the password.
 */
export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  const server = parseSmtpUrl(options.url)
  const from = parseFrom(options.from)
  const timeoutMs = options.timeoutMs ?? 10_000
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError('smtp: timeoutMs must be a positive number of milliseconds')
  }

  const transport = createTransport({
    host: server.host,
    port: server.port,
    secure: server.secure,
    ...(server.auth ? { auth: server.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    logger: false,
    debug: false,
  })

  return {
    async send(message: MailMessage): Promise<void> {
      const to = assertSingleRecipient(message.to)
      try {
        await transport.sendMail({
          from,
          to: { name: '', address: to },
          envelope: { from: from.address, to: [to] },
          subject: message.subject,
          text: message.text,
          html: message.html,
        })
      } catch (cause) {
        throw new Error(`smtp: sending failed${describe(cause)}`, { cause })
      }
    },
    close() {
      transport.close()
    },
  }
}

interface SmtpServer {
  host: string
  port: number
  secure: boolean
  auth: { user: string; pass: string } | undefined
}

function parseSmtpUrl(url: string): SmtpServer {
  if (typeof url !== 'string') throw new TypeError('smtp: url must be a string')
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // The URL's own error carries the input, password included: it is not kept as the cause.
    throw new TypeError('smtp: url is not a valid URL (expected smtp://user:pass@host:port or smtps://...)')
  }
  const secure = parsed.protocol === 'smtps:'
  if (!secure && parsed.protocol !== 'smtp:') {
    throw new TypeError(`smtp: url must start with smtp:// or smtps://, not ${parsed.protocol}//`)
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  if (!host) throw new TypeError('smtp: url has no host')
  if (parsed.search || parsed.hash || (parsed.pathname !== '' && parsed.pathname !== '/')) {
    throw new TypeError('smtp: url must not have a path, query or fragment')
  }
  const port = parsed.port ? Number(parsed.port) : secure ? 465 : 587
  let auth: SmtpServer['auth']
  try {
    const user = decodeURIComponent(parsed.username)
    const pass = decodeURIComponent(parsed.password)
    if (user || pass) auth = { user, pass }
  } catch {
    throw new TypeError('smtp: url has a badly percent-encoded user name or password')
  }
  return { host, port, secure, auth }
}

function parseFrom(from: string): { name: string; address: string } {
  if (typeof from !== 'string' || from.trim() === '') throw new TypeError('smtp: from is required')
  if (/[\r\n]/.test(from)) throw new TypeError('smtp: from must not contain line breaks')
  const entries = addressparser(from)
  const [entry] = entries
  if (entries.length !== 1 || !entry || entry.group !== undefined) {
    throw new TypeError('smtp: from must name exactly one mailbox')
  }
  try {
    return { name: entry.name, address: assertSingleRecipient(entry.address) }
  } catch {
    throw new TypeError('smtp: from is not a valid address')
  }
}

/** A short, credential-free summary of a nodemailer error: its code and the SMTP reply code. */
function describe(cause: unknown): string {
  if (typeof cause !== 'object' || cause === null) return ''
  const { code, responseCode } = cause as { code?: unknown; responseCode?: unknown }
  const parts = [
    typeof code === 'string' ? code : '',
    typeof responseCode === 'number' ? String(responseCode) : '',
  ]
  const summary = parts.filter(Boolean).join(' ')
  return summary ? ` (${summary})` : ''
}
