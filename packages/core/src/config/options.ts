import type * as z from 'zod/v4/core'
import type { AuthStrategy, User } from '../auth/types.js'
import type { Clock } from '../clock/clock.js'
import type { AuthEvent } from '../events/events.js'
import type { PasskeysFeature } from '../features/types.js'
import type { BearerTokenLocations, JsonValue, JwtKeyInput } from '../jwt/types.js'
import type { MailKind, MailTemplate } from '../mail/templates.js'
import type { Mailer } from '../mail/types.js'
import type { PasswordHasher } from '../password/types.js'
import type { Storage } from '../storage/types.js'
import type { TwoFactorOptions } from './second-factor-config.js'

/**
 * A schema of custom user fields: a zod object whose output is JSON-serialisable, from zod's
 * classic API (`z.object` from `zod`) or from `zod/mini`. Core only calls its `safeParse` and
 * reads its `shape`.
 */
export type UserFieldsSchema = z.$ZodObject & {
  readonly shape: z.$ZodShape
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: z.$ZodError }
}

/** The custom fields a {@link UserFieldsSchema} produces. */
export type UserFieldsOf<S extends UserFieldsSchema> = z.output<S>

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
    /**
     * The hasher. Default on Node, Bun and Deno: `createPasswordHasher()` (argon2id m=19456 KiB,
     * t=2, p=1). On edge bundles (`workerd`, `worker`, `edge-light`, `browser`) there is none:
     * pass `createPasswordHasher()` or `createPbkdf2PasswordHasher(…)` (see the README).
     */
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
    /**
     * Exponential back-off after the account limit: the first lockout lasts
     * `loginPerAccount.windowSeconds`, each further one `factor` times longer, at most
     * `maxSeconds` (never shorter than the window). Lockouts are remembered for 2 × `maxSeconds`
     * from the first of a run; a successful login or a password reset forgets them. `factor: 1`
     * keeps every lock at the window.
     * @default { factor: 2, maxSeconds: 86400 }
     */
    lockoutBackoff?: { factor?: number; maxSeconds?: number }
    /** Login attempts per client IP. Needs the adapter's client IP. @default 50 per 900 s */
    loginPerIp?: RateLimitRule
    /** Registrations per client IP. Needs the adapter's client IP. @default 20 per 3600 s */
    registerPerIp?: RateLimitRule
    /** Account mail (verification, reset) per address, known or not. @default 3 per 900 s */
    mailPerAddress?: RateLimitRule
    /** Verification and reset requests per client IP. @default 10 per 900 s */
    recoveryPerIp?: RateLimitRule
    /**
     * Second-factor attempts (TOTP or backup code, at login or when enabling/disabling TOTP) per
     * account, whatever the challenge or IP: restarting the login does not reset it (OTP-5).
     * @default 5 per 900 s
     */
    twoFactorPerAccount?: RateLimitRule
  }
  /** TOTP and backup codes: issuer, digits, step, login challenge lifetime. */
  twoFactor?: TwoFactorOptions
  /**
   * Passkeys (WebAuthn): `passkeys({ rpId?, rpName?, userVerification?, timeoutSeconds? })` from
   * `@portcullis/core/passkeys`. Off unless set: the `/passkeys/*` endpoints answer 404 and the
   * WebAuthn code stays out of the bundle.
   */
  passkeys?: PasskeysFeature
  /**
   * Access tokens (JWT, RFC 9068) and refresh tokens. When set, login and register also return
   * `accessToken`, `tokenType`, `expiresIn` and `refreshToken`, `POST /refresh` and the JWKS
   * endpoint are served, and bearer tokens authenticate.
   */
  jwt?: {
    /** `iss`. @default the first origin */
    issuer?: string
    /** `aud` (checked on every verify). @default the first origin */
    audience?: string | readonly string[]
    /** @default 900 (15 minutes) */
    accessTokenTtlSeconds?: number
    /** Tolerance for `exp`, `nbf`, `iat`. @default 30 */
    clockSkewSeconds?: number
    /**
     * Signing and verification keys (one signing key, any number of verify-only keys, each with
     * a `kid`). Required in production; development generates an Ed25519 pair with a warning.
     */
    keys?: readonly JwtKeyInput[]
    /**
     * Check each access token against its live session (`sid`), so a logout or a ban takes
     * effect before `exp`, at the cost of that one storage call per request. @default false
     */
    strict?: boolean
    /** Where bearer tokens are read: `Authorization` by default; a cookie; a query parameter only if named. */
    locations?: BearerTokenLocations
    /** Custom claims for a user's access tokens. Reserved claim names are refused. */
    claims?: (user: User<UserFieldsOf<S>>) => Record<string, JsonValue>
  }
  /**
   * Sends account mail (email verification, password reset). Without it those endpoints are
   * not served. `createConsoleMailer()` for development, `@portcullis/smtp` for real mail.
   */
  mailer?: Mailer
  mail?: {
    /** Replace the subject, text and HTML of a message kind. */
    templates?: Partial<Record<MailKind, MailTemplate>>
    emailVerification?: {
      /** @default 86400 (24 h) */
      ttlSeconds?: number
      /** Page of the app the link opens (with `?token=`), on the first origin. @default '/verify-email' */
      linkPath?: string
      /** Send the verification mail on registration. @default false */
      sendOnRegister?: boolean
    }
    passwordReset?: {
      /** @default 1800 (30 minutes) */
      ttlSeconds?: number
      /** @default '/reset-password' */
      linkPath?: string
    }
  }
  /** Refresh tokens, issued with access tokens when `jwt` is configured. */
  refreshTokens?: {
    /** Life of one refresh token; each use issues a new one. @default 1209600 (14 days) */
    ttlSeconds?: number
    /** Absolute end of a login's token family, however often it is refreshed. @default 2592000 (30 days) */
    familyTtlSeconds?: number
    /** Also set the refresh token as an HttpOnly cookie scoped to the refresh path. @default true */
    cookie?: boolean
  }
  apiKeys?: {
    /** Last-used time is written at most this often per key. @default 300 */
    touchIntervalSeconds?: number
  }
  http?: {
    /** Largest request body read, in bytes; larger is 413. @default 16384 */
    maxBodyBytes?: number
    /** Accept `Sec-Fetch-Site: same-site` as trusted (sibling subdomains). @default false */
    allowSameSite?: boolean
  }
  /** Extra strategies appended to the chain after the session cookie. */
  strategies?: readonly AuthStrategy<UserFieldsOf<S>>[]
  clock?: Clock
  logger?: Logger
  /**
   * Security events (registered, logged in, login failed, locked out, password changed or reset,
   * email verified, user disabled) for audit logs and user notifications. No secrets in them.
   * Awaited; an error it throws is logged and never breaks the flow.
   */
  onEvent?: (event: AuthEvent) => void | Promise<void>
}
