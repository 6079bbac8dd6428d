/** Settings of the Deno example, read from the environment by {@link readServerConfig}. */
export interface ServerConfig {
  port: number
  host: string
  origin: string
  mode: 'production' | 'development'
  secret: string | undefined
  /** `DATABASE_URL`: users (and, without Redis, everything else) in PostgreSQL. Unset: memory. */
  databaseUrl: string | undefined
  /** `REDIS_URL`: sessions, one-time tokens and rate limits in Redis. */
  redisUrl: string | undefined
  /** `REDIS_PREFIX`: what every Redis key starts with. */
  redisPrefix: string
  /** `SMTP_URL` (`smtp://user:pass@host:587` or `smtps://…`): real mail; unset: printed (development). */
  smtpUrl: string | undefined
  /** `MAIL_FROM`: the sender of account mail. */
  mailFrom: string
  /** One-line notices to print at startup. */
  notices: string[]
}

/** A setting the example cannot run with; its message is one line meant for the console. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}

const PORT = /^\d{1,5}$/

/**
 * Reads the settings from environment variables, with the same names and defaults as the main
 * example: `PORT` (8787), `HOST` (127.0.0.1), `APP_ORIGIN` (`http://localhost:${PORT}`),
 * `NODE_ENV` (`production` → production mode), `AUTH_SECRET`, `DATABASE_URL`, `REDIS_URL`,
 * `REDIS_PREFIX` (`portcullis:`), `SMTP_URL`, `MAIL_FROM`.
 *
 * @param env - Usually `Deno.env.toObject()`.
 * @returns The settings.
 * @throws {StartupError} On an invalid `PORT`, `DATABASE_URL`, `REDIS_URL` or `SMTP_URL`.
 * @example
 * const config = readServerConfig({ PORT: '3000' }) // { port: 3000, origin: 'http://localhost:3000', ... }
 */
export function readServerConfig(env: Record<string, string | undefined>): ServerConfig {
  checkUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'])
  checkUrl(env, 'REDIS_URL', ['redis:', 'rediss:'])
  checkUrl(env, 'SMTP_URL', ['smtp:', 'smtps:'])
  const portText = env.PORT || '8787'
  const port = Number(portText)
  if (!PORT.test(portText) || port > 65_535) {
    throw new StartupError(`PORT must be a number from 0 to 65535, got ${JSON.stringify(portText)}`)
  }
  const production = env.NODE_ENV === 'production'
  const notices: string[] = []
  if (!env.SMTP_URL)
    notices.push(
      production
        ? 'SMTP_URL is not set: email verification and password reset are off'
        : 'SMTP_URL is not set: account mail (verification, password reset) is printed here',
    )
  return {
    port,
    host: env.HOST || '127.0.0.1',
    origin: env.APP_ORIGIN || `http://localhost:${port}`,
    mode: production ? 'production' : 'development',
    secret: env.AUTH_SECRET || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'portcullis:',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Portcullis example <no-reply@localhost.localdomain>',
    notices,
  }
}

function checkUrl(env: Record<string, string | undefined>, name: string, protocols: readonly string[]): void {
  const value = env[name]
  if (!value) return
  let protocol: string
  try {
    protocol = new URL(value).protocol
  } catch {
    throw new StartupError(`${name} is not a URL`)
  }
  if (!protocols.includes(protocol))
    throw new StartupError(`${name} must start with ${protocols.join(' or ')}//`)
}
