import type { JwtKeyInput } from '@portcullis/core'
import type { StorageConfig } from './storage.js'

/** Settings of the example server, read from the environment by {@link readServerConfig}. */
export interface ServerConfig {
  port: number
  host: string
  origin: string
  mode: 'production' | 'development'
  secret: string | undefined
  /** `DATABASE_URL`, `REDIS_URL`, `REDIS_PREFIX`: see {@link StorageConfig}. */
  storage: StorageConfig
  /** `JWT_KEYS`: a JSON array of access-token keys (`{kid, alg, secret | privateKey | publicKey}`). */
  jwtKeys: JwtKeyInput[] | undefined
  /** `SMTP_URL` (`smtp://user:pass@host:587` or `smtps://…`): real mail; unset: printed (development). */
  smtpUrl: string | undefined
  /** `MAIL_FROM`: the sender of account mail. */
  mailFrom: string
  /** `TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges whose `X-Forwarded-For` is believed. */
  trustedProxies: string[]
  /** One-line notices to print at startup. */
  notices: string[]
}

/** A setting the example cannot run with; its message is one line meant for the console. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}

const PORT = /^\d{1,5}$/

/**
 * Reads the server settings from environment variables: `PORT` (8787), `HOST` (127.0.0.1),
 * `APP_ORIGIN` (`http://localhost:${PORT}`), `NODE_ENV` (`production` → production mode,
 * anything else → development), `AUTH_SECRET`, `DATABASE_URL` (PostgreSQL; unset: memory),
 * `REDIS_URL` (sessions, tokens and rate limits in Redis), `REDIS_PREFIX` (`portcullis:`),
 * `SMTP_URL`, `MAIL_FROM`, `JWT_KEYS` and `TRUSTED_PROXIES`.
 *
 * @param env - Usually `process.env`.
 * @returns The settings.
 * @throws {StartupError} On an invalid `PORT`, `DATABASE_URL`, `REDIS_URL`, `SMTP_URL` or `JWT_KEYS`.
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
  const notices: string[] = []
  if (!env.SMTP_URL)
    notices.push(
      env.NODE_ENV === 'production'
        ? 'SMTP_URL is not set: email verification and password reset are off'
        : 'SMTP_URL is not set: account mail (verification, password reset) is printed here',
    )
  return {
    port,
    host: env.HOST || '127.0.0.1',
    origin: env.APP_ORIGIN || `http://localhost:${port}`,
    mode: env.NODE_ENV === 'production' ? 'production' : 'development',
    secret: env.AUTH_SECRET || undefined,
    storage: {
      databaseUrl: env.DATABASE_URL || undefined,
      redisUrl: env.REDIS_URL || undefined,
      redisPrefix: env.REDIS_PREFIX || 'portcullis:',
    },
    jwtKeys: parseJwtKeys(env.JWT_KEYS),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Portcullis example <no-reply@localhost.localdomain>',
    trustedProxies: (env.TRUSTED_PROXIES ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    notices,
  }
}

function parseJwtKeys(value: string | undefined): JwtKeyInput[] | undefined {
  if (!value) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new StartupError(
      'JWT_KEYS is not JSON (expected an array of {kid, alg, secret | privateKey | publicKey})',
    )
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new StartupError('JWT_KEYS must be a non-empty JSON array of keys')
  return parsed as JwtKeyInput[]
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
