import type { JwtKeyInput } from '@portcullis/core'

/** Settings of the example, read from the environment by {@link readConfig}. */
export interface ExampleConfig {
  port: number
  origin: string
  mode: 'production' | 'development'
  secret: string | undefined
  /** `DATABASE_URL`: PostgreSQL through drizzle; unset: memory storage (lost on restart). */
  databaseUrl: string | undefined
  /** `REDIS_URL`: sessions, one-time tokens and rate limits in Redis. */
  redisUrl: string | undefined
  redisPrefix: string
  /** `JWT_KEYS`: a JSON array of access-token keys; unset in development: a key generated per process. */
  jwtKeys: JwtKeyInput[] | undefined
  /** `SMTP_URL`: real mail; unset: printed to the console in development, off in production. */
  smtpUrl: string | undefined
  mailFrom: string
}

/** A setting the example cannot run with; its message is one line for the console. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}

const PORT = /^\d{1,5}$/

/**
 * Reads the settings: `PORT` (8787), `APP_ORIGIN` (`http://localhost:${PORT}`), `AUTH_MODE`
 * (`production` or `development`; default: production when APP_ORIGIN is https, else development:
 * `next start` always sets NODE_ENV=production, so NODE_ENV cannot say it), `AUTH_SECRET`,
 * `DATABASE_URL`, `REDIS_URL`, `REDIS_PREFIX`, `JWT_KEYS`, `SMTP_URL`, `MAIL_FROM`.
 *
 * @param env - Usually `process.env`.
 * @returns The settings.
 * @throws {StartupError} On an invalid value.
 * @example
 * readConfig({ PORT: '3000' }).origin // 'http://localhost:3000'
 */
export function readConfig(env: Record<string, string | undefined>): ExampleConfig {
  checkUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'])
  checkUrl(env, 'REDIS_URL', ['redis:', 'rediss:'])
  checkUrl(env, 'SMTP_URL', ['smtp:', 'smtps:'])
  const portText = env.PORT || '8787'
  const port = Number(portText)
  if (!PORT.test(portText) || port > 65_535) {
    throw new StartupError(`PORT must be a number from 0 to 65535, got ${JSON.stringify(portText)}`)
  }
  const origin = env.APP_ORIGIN || `http://localhost:${port}`
  const modeText = env.AUTH_MODE || (origin.startsWith('https:') ? 'production' : 'development')
  if (modeText !== 'production' && modeText !== 'development') {
    throw new StartupError(`AUTH_MODE must be production or development, got ${JSON.stringify(modeText)}`)
  }
  return {
    port,
    origin,
    mode: modeText,
    secret: env.AUTH_SECRET || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'portcullis:',
    jwtKeys: parseJwtKeys(env.JWT_KEYS),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Portcullis example <no-reply@localhost.localdomain>',
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
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new StartupError('JWT_KEYS must be a non-empty JSON array of keys')
  }
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
