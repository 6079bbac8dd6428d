import type { z } from 'zod'
import type { AuthStrategy } from '../auth/types.js'
import type { Clock } from '../clock/clock.js'
import type { PasswordHasher } from '../password/types.js'
import type { Storage } from '../storage/types.js'

/** A schema of custom user fields: a zod object whose output is JSON-serialisable. */
export type UserFieldsSchema = z.ZodObject

/** A fixed-window limit: at most `max` hits per `windowSeconds`. */
export interface RateLimitRule {
  max: number
  windowSeconds: number
}

/** Where warnings and unexpected errors go. Never receives a secret. */
export interface Logger {
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** Options of {@link createAuth}. Everything but `storage` and `origins` has a secure default. */
export interface AuthOptions<S extends UserFieldsSchema = UserFieldsSchema> {
  /** The storage port (e.g. `createMemoryStorage()` from `@portcullis/memory`). */
  storage: Storage
  /**
   * Trusted origin(s) of the app, e.g. `https://app.example.com`. Unsafe requests must come
   * from one of them (CSRF). Never derived from `Host`. The first one is the app's own.
   */
  origins: string | readonly string[]
  /**
   * `production` refuses http origins and a missing secret; `development` allows both, with a
   * warning. Default: `development` when `NODE_ENV` is `development` or `test`, else `production`.
   */
  mode?: 'production' | 'development'
  /** Server secret (>= 32 characters) for keyed hashes. Required in production. */
  secret?: string
  /** Path the handler serves under. @default '/auth' */
  basePath?: string
  user?: {
    /** Custom fields, declared as a zod object; their types flow to `auth.api` and `User`. */
    fields?: S
    /** Refuse login (403 `email_not_verified`) until the email is verified. @default false */
    requireEmailVerification?: boolean
  }
  password?: {
    /** The hasher; default `createPasswordHasher()` (argon2id m=19456 KiB, t=2, p=1). */
    hasher?: PasswordHasher
    /** Minimum length in code points. @default 15 (NIST 800-63B-4 for single-factor) */
    minLength?: number
    /** Maximum length in code points. @default 128 */
    maxLength?: number
    /** Byte cap checked before anything else, so no long input ever reaches the hash. @default 1024 */
    maxBytes?: number
    /** The bundled common-password blocklist, or your own predicate. @default true */
    blocklist?: boolean | ((normalizedPassword: string) => boolean)
    /** Breached-password lookup (e.g. k-anonymity); true means breached. */
    isBreached?: (normalizedPassword: string) => Promise<boolean>
  }
  session?: {
    /** Session ends after this long without activity. @default 3600 (1 h, NIST AAL2) */
    idleTimeoutSeconds?: number
    /** Session ends this long after login whatever the activity. @default 86400 (24 h) */
    absoluteTimeoutSeconds?: number
    /** Activity is written at most this often per session. @default 300 */
    touchIntervalSeconds?: number
    /** @default 'lax' */
    sameSite?: 'lax' | 'strict'
    /** Cookie name without prefix; `__Host-` is added when secure. @default 'portcullis.session' */
    cookieName?: string
  }
  rateLimit?: {
    /** Login attempts per account (by user, or by identifier when unknown). @default 10 per 900 s */
    loginPerAccount?: RateLimitRule
    /** Login attempts per client IP. Needs the adapter's client IP. @default 50 per 900 s */
    loginPerIp?: RateLimitRule
    /** Registrations per client IP. Needs the adapter's client IP. @default 20 per 3600 s */
    registerPerIp?: RateLimitRule
  }
  http?: {
    /** Largest request body read, in bytes; larger is 413. @default 16384 */
    maxBodyBytes?: number
    /** Accept `Sec-Fetch-Site: same-site` as trusted (sibling subdomains). @default false */
    allowSameSite?: boolean
  }
  /** Extra strategies appended to the chain after the session cookie. */
  strategies?: readonly AuthStrategy<z.infer<S>>[]
  clock?: Clock
  logger?: Logger
}
