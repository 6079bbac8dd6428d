import { type Auth, createAuth, createConsoleMailer } from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import type { ClientIpOptions } from '@portcullis/next'
import { createSmtpMailer } from '@portcullis/smtp'
import { z } from 'zod'
import { readConfig } from './config'
import { openStorage } from './storage'

/** The example's custom user fields: an optional display name. */
export const userFields = z.object({ displayName: z.string().trim().min(1).max(80).optional() })

/** The custom fields as a type. */
export type UserFields = z.infer<typeof userFields>

// Next bundles route handlers, server components and the proxy separately: each bundle has its
// own copy of this module. The one instance (and so the one memory store) lives on globalThis,
// shared by every copy in the process.
const KEY = Symbol.for('@portcullis/example-next')
type Holder = { [KEY]?: Promise<Auth<UserFields>> }

/**
 * The process-wide instance, built on first use (never at import: `next build` evaluates route
 * modules). A failed start is not cached, so the next request tries again.
 *
 * @returns The auth instance.
 * @throws {StartupError} / {ConfigError} When the environment is invalid.
 */
export function getAuth(): Promise<Auth<UserFields>> {
  const holder = globalThis as Holder
  holder[KEY] ??= buildAuth().catch((error: unknown) => {
    delete holder[KEY]
    throw error
  })
  return holder[KEY]
}

async function buildAuth(): Promise<Auth<UserFields>> {
  const config = readConfig(process.env)
  const opened = await openStorage(config)
  const mailer = config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : config.mode === 'development'
      ? createConsoleMailer()
      : undefined
  const auth = createAuth({
    passkeys: passkeys(),
    storage: opened.storage,
    origins: config.origin,
    mode: config.mode,
    ...(config.secret === undefined ? {} : { secret: config.secret }),
    user: { fields: userFields },
    jwt: config.jwtKeys === undefined ? {} : { keys: config.jwtKeys },
    ...(mailer ? { mailer } : {}),
  })
  console.log(`portcullis: ${config.mode} mode, origin ${config.origin}, storage ${opened.description}`)
  if (!config.smtpUrl) {
    console.log(
      config.mode === 'production'
        ? 'portcullis: SMTP_URL is not set: email verification and password reset are off'
        : 'portcullis: SMTP_URL is not set: account mail is printed here',
    )
  }
  return auth
}

/**
 * How the adapter finds the client IP, from `TRUST_PROXY_HEADER` and `TRUSTED_PROXIES`: nothing
 * unless a proxy header is declared (see the README). Read without I/O, so it may run at import.
 */
export function clientIpOptions(env: Record<string, string | undefined> = process.env): ClientIpOptions {
  const header = env.TRUST_PROXY_HEADER?.trim().toLowerCase()
  if (!header) return {}
  const trustedProxies = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  return { proxy: { header, trustedProxies } }
}
