import type { JwtKeyInput } from '@portcullis/core'

/**
 * The Worker's bindings: `vars` from `wrangler.jsonc` (or `.dev.vars`), secrets set with
 * `wrangler secret put`, and the optional D1 database.
 */
export interface Env {
  /** The trusted app origin, e.g. `https://app.example.com`. @default `http://localhost:8787` */
  APP_ORIGIN?: string
  /** 32+ characters; required when `NODE_ENV` is `production`. A secret: `wrangler secret put AUTH_SECRET`. */
  AUTH_SECRET?: string
  /** `production` or anything else (development). */
  NODE_ENV?: string
  /** JSON array of access-token keys (`{kid, alg, privateKey | secret}`). A secret in production. */
  JWT_KEYS?: string
  /** `pbkdf2-100k` (default: fits the Workers CPU budget) or `argon2id` (OWASP default, portable). */
  PASSWORD_HASHER?: string
  /**
   * Refused: SMTP needs a TCP client this Worker does not have. Send mail through an HTTP mail
   * API instead (`MAIL_API_URL`).
   */
  SMTP_URL?: string
  /** An HTTP endpoint receiving account mail as JSON (`{from, to, subject, text, html}`), with `MAIL_API_KEY` as bearer. */
  MAIL_API_URL?: string
  /** Bearer token for `MAIL_API_URL`. A secret. */
  MAIL_API_KEY?: string
  /** Sender of account mail. */
  MAIL_FROM?: string
  /** Users, sessions, tokens and rate limits in D1; absent: in memory, per isolate (demo only). */
  DB?: D1Database
}

/** Settings read from {@link Env}, checked. */
export interface WorkerConfig {
  origin: string
  mode: 'production' | 'development'
  secret: string | undefined
  jwtKeys: JwtKeyInput[] | undefined
  passwordHasher: PasswordHasherPreset
  mailApi: { url: string; key: string | undefined; from: string } | undefined
}

/** The hashing presets of this example, see `password-hasher.ts`. */
export type PasswordHasherPreset = 'pbkdf2-100k' | 'argon2id'

/** A setting the Worker cannot run with; its message is one line, returned as a 500 and logged. */
export class WorkerConfigError extends Error {
  override readonly name = 'WorkerConfigError'
}

/**
 * Reads and checks the Worker's settings from its bindings. Pure and cheap (no I/O, no crypto):
 * it runs whenever the cached auth instance does not match the bindings.
 *
 * @param env - The Worker's `env`.
 * @returns The settings.
 * @throws {WorkerConfigError} On `SMTP_URL`, a malformed `JWT_KEYS`, `MAIL_API_URL` or an unknown `PASSWORD_HASHER`.
 * @example
 * const config = readWorkerConfig({ APP_ORIGIN: 'http://localhost:8787' }) // { mode: 'development', ... }
 */
export function readWorkerConfig(env: Env): WorkerConfig {
  if (env.SMTP_URL)
    throw new WorkerConfigError(
      'SMTP_URL is set, but SMTP needs a TCP mail client this Worker does not have: set MAIL_API_URL (an HTTP mail API) instead',
    )
  const passwordHasher = env.PASSWORD_HASHER || 'pbkdf2-100k'
  if (passwordHasher !== 'pbkdf2-100k' && passwordHasher !== 'argon2id')
    throw new WorkerConfigError(
      `PASSWORD_HASHER must be pbkdf2-100k or argon2id, got ${JSON.stringify(passwordHasher)}`,
    )
  if (env.MAIL_API_URL && !/^https?:\/\//.test(env.MAIL_API_URL))
    throw new WorkerConfigError('MAIL_API_URL must be an http(s) URL')
  return {
    origin: env.APP_ORIGIN || 'http://localhost:8787',
    mode: env.NODE_ENV === 'production' ? 'production' : 'development',
    secret: env.AUTH_SECRET || undefined,
    jwtKeys: parseJwtKeys(env.JWT_KEYS),
    passwordHasher,
    mailApi: env.MAIL_API_URL
      ? {
          url: env.MAIL_API_URL,
          key: env.MAIL_API_KEY || undefined,
          from: env.MAIL_FROM || 'Portcullis example <no-reply@localhost.localdomain>',
        }
      : undefined,
  }
}

function parseJwtKeys(value: string | undefined): JwtKeyInput[] | undefined {
  if (!value) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new WorkerConfigError('JWT_KEYS is not JSON (expected an array of {kid, alg, secret | privateKey})')
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new WorkerConfigError('JWT_KEYS must be a non-empty JSON array of keys')
  return parsed as JwtKeyInput[]
}
