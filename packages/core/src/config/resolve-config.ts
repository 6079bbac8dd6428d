import * as z from 'zod/mini'
import { createDefaultPasswordHasher } from '#default-password-hasher'
import { createAccessTokenService } from '../access-tokens/create-access-token-service.js'
import type { AccessTokenService } from '../access-tokens/types.js'
import type { AuthStrategy, User } from '../auth/types.js'
import { type Clock, systemClock } from '../clock/clock.js'
import { randomToken } from '../crypto/random.js'
import { ConfigError } from '../errors/errors.js'
import type { AuthEvent } from '../events/events.js'
import { isPasskeysFeature } from '../features/types.js'
import type { Route } from '../http/route.js'
import { resolveJwtConfig } from '../jwt/resolve-jwt-config.js'
import type { GeneratedJwtKey, JsonValue, ResolvedJwtConfig } from '../jwt/types.js'
import { defaultMailTemplates, type MailKind, type MailTemplate } from '../mail/templates.js'
import type { Mailer } from '../mail/types.js'
import { bundledBlocklistFromLength } from '../password/common-passwords.js'
import type { PasswordPolicy } from '../password/index.js'
import type { PasswordHasher } from '../password/types.js'
import type { LockoutBackoff } from '../rate-limit/account-lockout.js'
import type { Storage } from '../storage/types.js'
import { createSecretBox, type SecretBox } from '../two-factor/secret-box.js'
import type { AuthOptions, Logger, RateLimitRule, UserFieldsSchema } from './options.js'
import { parseOptions } from './parse-options.js'
import {
  type ResolvedPasskeyConfig,
  type ResolvedTwoFactorConfig,
  resolvePasskeyConfig,
  resolveTwoFactorConfig,
  twoFactorOptionsSchema,
} from './second-factor-config.js'

/** Every setting with its default filled in, checked once at startup. Nothing below reads options. */
export interface ResolvedConfig {
  readonly mode: 'production' | 'development'
  readonly secretKey: Uint8Array
  readonly origins: readonly string[]
  readonly originSet: ReadonlySet<string>
  readonly basePath: string
  readonly secureCookies: boolean
  readonly user: {
    readonly fields: UserFieldsSchema | null
    readonly requireEmailVerification: boolean
  }
  readonly passwordPolicy: PasswordPolicy
  readonly session: {
    readonly idleTimeoutSeconds: number
    readonly absoluteTimeoutSeconds: number
    readonly touchIntervalSeconds: number
    readonly sameSite: 'Lax' | 'Strict'
    readonly cookieName: string
  }
  readonly rateLimit: {
    readonly loginPerAccount: RateLimitRule
    readonly lockoutBackoff: LockoutBackoff
    readonly loginPerIp: RateLimitRule
    readonly registerPerIp: RateLimitRule
    readonly mailPerAddress: RateLimitRule
    readonly recoveryPerIp: RateLimitRule
    readonly twoFactorPerAccount: RateLimitRule
  }
  readonly http: { readonly maxBodyBytes: number; readonly allowSameSite: boolean }
  readonly refreshTokens: {
    readonly ttlSeconds: number
    readonly familyTtlSeconds: number
    readonly cookie: boolean
    readonly cookieName: string
    /** Path the refresh cookie is scoped to: the refresh endpoint. */
    readonly cookiePath: string
  }
  readonly apiKeys: { readonly touchIntervalSeconds: number }
  readonly twoFactor: ResolvedTwoFactorConfig
  /** Passkey settings, when `passkeys()` is configured; null otherwise (no `/passkeys/*` endpoints). */
  readonly passkeys: ResolvedPasskeyConfig | null
  readonly mail: {
    readonly templates: Readonly<Record<MailKind, MailTemplate>>
    readonly emailVerification: {
      readonly ttlSeconds: number
      readonly linkPath: string
      readonly sendOnRegister: boolean
    }
    readonly passwordReset: { readonly ttlSeconds: number; readonly linkPath: string }
  }
}

/** The ports and config every flow works with. */
export interface Deps {
  readonly config: ResolvedConfig
  readonly storage: Storage
  readonly hasher: PasswordHasher
  readonly clock: Clock
  readonly logger: Logger
  readonly strategies: readonly AuthStrategy<Record<string, unknown>>[]
  /** The security-event hook, when configured. */
  readonly onEvent: ((event: AuthEvent) => void | Promise<void>) | null
  /** The mailer, when configured; null otherwise (account-mail endpoints are then not served). */
  readonly mailer: Mailer | null
  /** Seals TOTP secrets at rest (AES-GCM, key derived from the secret; imported once, lazily). */
  readonly totpSecretBox: SecretBox
  /** Access tokens, when `jwt` is configured; null otherwise. */
  readonly accessTokens: (AccessTokenService & { generatedKey(): Promise<GeneratedJwtKey | null> }) | null
  /** Endpoints of the configured features (`passkeys()`), served next to the contract's own. */
  readonly featureRoutes: readonly Route[]
}

/** Base user fields and body keys a custom field may not shadow. */
const RESERVED_FIELDS = new Set([
  'id',
  'email',
  'emailVerified',
  'username',
  'isActive',
  'roles',
  'createdAt',
  'updatedAt',
  'lastLoginAt',
  'password',
  'passwordHash',
  'identifier',
  '__proto__',
  'constructor',
  'prototype',
])

const rule = z.object({
  max: z.int().check(z.gte(1), z.lte(1_000_000)),
  windowSeconds: z.int().check(z.gte(1), z.lte(31_536_000)),
})

/** A path of the app the mail links open: `/verify-email`, `/reset-password`. */
const linkPath = (example: string, fallback: string) =>
  z._default(z.string().check(z.regex(/^\/[A-Za-z0-9._~/-]*$/, `a path like ${example}`)), fallback)

const optionsSchema = z.object({
  mode: z.optional(z.enum(['production', 'development'])),
  secret: z.optional(z.string().check(z.minLength(32, 'secret must be at least 32 characters'))),
  basePath: z._default(
    z
      .string()
      .check(
        z.regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'basePath must look like "/auth" (no trailing slash) or be ""'),
      ),
    '/auth',
  ),
  origins: z.union([z.string(), z.array(z.string()).check(z.minLength(1))]),
  user: z._default(z.object({ requireEmailVerification: z._default(z.boolean(), false) }), {
    requireEmailVerification: false,
  }),
  password: z._default(
    z.object({
      minLength: z._default(
        z.int().check(z.gte(8, 'password.minLength below 8 breaks ASVS 6.2.1'), z.lte(64)),
        15,
      ),
      maxLength: z._default(
        z.int().check(z.gte(64, 'password.maxLength must allow at least 64 characters'), z.lte(4096)),
        128,
      ),
      maxBytes: z._default(z.int().check(z.gte(256), z.lte(65_536)), 1024),
    }),
    { minLength: 15, maxLength: 128, maxBytes: 1024 },
  ),
  session: z._default(
    z.object({
      idleTimeoutSeconds: z._default(z.int().check(z.gte(60)), 3600),
      absoluteTimeoutSeconds: z._default(z.int().check(z.gte(60), z.lte(400 * 86_400)), 86_400),
      touchIntervalSeconds: z._default(z.int().check(z.gte(1)), 300),
      sameSite: z._default(z.enum(['lax', 'strict']), 'lax'),
      cookieName: z._default(
        z.string().check(
          z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'cookieName may use letters, digits, ".", "_" and "-"'),
          z.refine((n) => !/^__(host|secure)-/i.test(n), 'cookieName must not carry a prefix: it is added'),
        ),
        'portcullis.session',
      ),
    }),
    {
      idleTimeoutSeconds: 3600,
      absoluteTimeoutSeconds: 86_400,
      touchIntervalSeconds: 300,
      sameSite: 'lax',
      cookieName: 'portcullis.session',
    },
  ),
  rateLimit: z._default(
    z.object({
      loginPerAccount: z._default(rule, { max: 10, windowSeconds: 900 }),
      lockoutBackoff: z._default(
        z.object({
          factor: z._default(z.number().check(z.gte(1), z.lte(10)), 2),
          maxSeconds: z._default(z.int().check(z.gte(1), z.lte(31_536_000)), 86_400),
        }),
        { factor: 2, maxSeconds: 86_400 },
      ),
      loginPerIp: z._default(rule, { max: 50, windowSeconds: 900 }),
      registerPerIp: z._default(rule, { max: 20, windowSeconds: 3600 }),
      mailPerAddress: z._default(rule, { max: 3, windowSeconds: 900 }),
      recoveryPerIp: z._default(rule, { max: 10, windowSeconds: 900 }),
      twoFactorPerAccount: z._default(rule, { max: 5, windowSeconds: 900 }),
    }),
    {
      loginPerAccount: { max: 10, windowSeconds: 900 },
      lockoutBackoff: { factor: 2, maxSeconds: 86_400 },
      loginPerIp: { max: 50, windowSeconds: 900 },
      registerPerIp: { max: 20, windowSeconds: 3600 },
      mailPerAddress: { max: 3, windowSeconds: 900 },
      recoveryPerIp: { max: 10, windowSeconds: 900 },
      twoFactorPerAccount: { max: 5, windowSeconds: 900 },
    },
  ),
  twoFactor: twoFactorOptionsSchema,
  passkeys: z.optional(z.custom(isPasskeysFeature, 'must be passkeys({ … }) from @portcullis/core/passkeys')),
  mail: z._default(
    z.object({
      emailVerification: z._default(
        z.object({
          ttlSeconds: z._default(z.int().check(z.gte(300), z.lte(30 * 86_400)), 86_400),
          linkPath: linkPath('/verify-email', '/verify-email'),
          sendOnRegister: z._default(z.boolean(), false),
        }),
        { ttlSeconds: 86_400, linkPath: '/verify-email', sendOnRegister: false },
      ),
      passwordReset: z._default(
        z.object({
          ttlSeconds: z._default(z.int().check(z.gte(300), z.lte(86_400)), 1800),
          linkPath: linkPath('/reset-password', '/reset-password'),
        }),
        { ttlSeconds: 1800, linkPath: '/reset-password' },
      ),
    }),
    {
      emailVerification: { ttlSeconds: 86_400, linkPath: '/verify-email', sendOnRegister: false },
      passwordReset: { ttlSeconds: 1800, linkPath: '/reset-password' },
    },
  ),
  refreshTokens: z._default(
    z.object({
      ttlSeconds: z._default(z.int().check(z.gte(60), z.lte(400 * 86_400)), 14 * 86_400),
      familyTtlSeconds: z._default(z.int().check(z.gte(60), z.lte(400 * 86_400)), 30 * 86_400),
      cookie: z._default(z.boolean(), true),
    }),
    { ttlSeconds: 14 * 86_400, familyTtlSeconds: 30 * 86_400, cookie: true },
  ),
  apiKeys: z._default(
    z.object({ touchIntervalSeconds: z._default(z.int().check(z.gte(1), z.lte(86_400)), 300) }),
    {
      touchIntervalSeconds: 300,
    },
  ),
  http: z._default(
    z.object({
      maxBodyBytes: z._default(z.int().check(z.gte(1024), z.lte(1_048_576)), 16_384),
      allowSameSite: z._default(z.boolean(), false),
    }),
    { maxBodyBytes: 16_384, allowSameSite: false },
  ),
})

/** `development` when NODE_ENV says development or test; production otherwise (also where there is no process). */
function defaultMode(): 'production' | 'development' {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  const nodeEnv = env?.NODE_ENV
  return nodeEnv === 'development' || nodeEnv === 'test' ? 'development' : 'production'
}

/**
 * Validates `createAuth` options once and fills in every default.
 * @throws {ConfigError} listing every problem, at startup.
 */
export function resolveDeps<S extends UserFieldsSchema>(options: AuthOptions<S>): Deps {
  const problems: string[] = []
  const o = parseOptions(optionsSchema, options)
  const mode = o.mode ?? defaultMode()
  const logger: Logger = options.logger ?? {
    warn: (message) => console.warn(`[portcullis] ${message}`),
    error: (message, error) => console.error(`[portcullis] ${message}`, error),
  }

  if (!isStorage(options.storage)) problems.push('storage: must implement the Storage port')

  const origins: string[] = []
  for (const raw of typeof o.origins === 'string' ? [o.origins] : o.origins) {
    const origin = parseOrigin(raw)
    if (!origin) problems.push(`origins: "${raw}" is not an origin like https://app.example.com`)
    else if (origin.startsWith('http://') && mode === 'production')
      problems.push(
        `origins: "${raw}" is http; production needs https (set mode: 'development' for local http)`,
      )
    else origins.push(origin)
  }

  const fields = options.user?.fields ?? null
  if (fields !== null) {
    const shape = (fields as { shape?: unknown }).shape
    if (typeof shape !== 'object' || shape === null || typeof fields.safeParse !== 'function')
      problems.push('user.fields: must be a zod object schema')
    else
      for (const key of Object.keys(shape))
        if (RESERVED_FIELDS.has(key)) problems.push(`user.fields: "${key}" is a reserved name`)
  }

  if (o.password.minLength > o.password.maxLength) problems.push('password: minLength exceeds maxLength')
  if ((options.password?.blocklist ?? true) === true && o.password.minLength < bundledBlocklistFromLength)
    problems.push(
      `password.minLength: below ${bundledBlocklistFromLength}, the common-password list bundled for this runtime (edge) misses shorter entries: pass password.blocklist: fullCommonPasswordBlocklist from @portcullis/core/password/common-passwords`,
    )
  if (o.session.idleTimeoutSeconds > o.session.absoluteTimeoutSeconds)
    problems.push('session: idleTimeoutSeconds exceeds absoluteTimeoutSeconds')
  if (o.session.touchIntervalSeconds >= o.session.idleTimeoutSeconds)
    problems.push('session: touchIntervalSeconds must be shorter than idleTimeoutSeconds')

  let secret = o.secret
  if (secret === undefined) {
    if (mode === 'production')
      problems.push('secret: required in production (32+ random characters, e.g. from AUTH_SECRET)')
    else {
      secret = randomToken(32)
      logger.warn('no secret configured: generated one for this process (development only; set `secret`)')
    }
  }
  let jwtConfig: ResolvedJwtConfig | null = null
  if (options.jwt) {
    try {
      jwtConfig = resolveJwtConfig(
        {
          ...options.jwt,
          issuer: options.jwt.issuer ?? origins[0] ?? '',
          audience: options.jwt.audience ?? origins[0] ?? '',
        },
        { mode, logger },
      )
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      problems.push(...error.problems)
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)

  const passkeys = options.passkeys
    ? resolvePasskeyConfig(options.passkeys.settings, origins, (m) => logger.warn(m))
    : null
  const secure = origins.every((origin) => origin.startsWith('https://'))
  if (!secure)
    logger.warn('http origin in development: session cookie is not Secure and has no __Host- prefix')

  const config: ResolvedConfig = Object.freeze({
    mode,
    secretKey: new TextEncoder().encode(secret),
    origins: Object.freeze(origins),
    originSet: new Set(origins),
    basePath: o.basePath,
    secureCookies: secure,
    user: Object.freeze({ fields, requireEmailVerification: o.user.requireEmailVerification }),
    passwordPolicy: Object.freeze({
      minLength: o.password.minLength,
      maxLength: o.password.maxLength,
      maxBytes: o.password.maxBytes,
      blocklist: options.password?.blocklist ?? true,
      ...(options.password?.isBreached ? { isBreached: options.password.isBreached } : {}),
    }),
    session: Object.freeze({
      idleTimeoutSeconds: o.session.idleTimeoutSeconds,
      absoluteTimeoutSeconds: o.session.absoluteTimeoutSeconds,
      touchIntervalSeconds: o.session.touchIntervalSeconds,
      sameSite: o.session.sameSite === 'strict' ? 'Strict' : 'Lax',
      cookieName: secure ? `__Host-${o.session.cookieName}` : o.session.cookieName,
    }),
    rateLimit: Object.freeze({
      ...o.rateLimit,
      lockoutBackoff: Object.freeze(o.rateLimit.lockoutBackoff),
    }),
    http: Object.freeze(o.http),
    refreshTokens: Object.freeze({
      ttlSeconds: Math.min(o.refreshTokens.ttlSeconds, o.refreshTokens.familyTtlSeconds),
      familyTtlSeconds: o.refreshTokens.familyTtlSeconds,
      cookie: o.refreshTokens.cookie,
      // Not __Host-: that prefix needs Path=/, and this cookie goes to the refresh path only.
      cookieName: secure ? '__Secure-portcullis.refresh' : 'portcullis.refresh',
      cookiePath: `${o.basePath}/refresh`,
    }),
    apiKeys: Object.freeze(o.apiKeys),
    twoFactor: resolveTwoFactorConfig(o.twoFactor, origins),
    passkeys,
    mail: Object.freeze({
      templates: Object.freeze({ ...defaultMailTemplates, ...options.mail?.templates }),
      emailVerification: Object.freeze(o.mail.emailVerification),
      passwordReset: Object.freeze(o.mail.passwordReset),
    }),
  })

  return Object.freeze({
    config,
    storage: options.storage,
    hasher: options.password?.hasher ?? createDefaultPasswordHasher(),
    clock: options.clock ?? systemClock,
    logger,
    strategies: (options.strategies ?? []) as readonly AuthStrategy<Record<string, unknown>>[],
    mailer: options.mailer ?? null,
    totpSecretBox: createSecretBox(config.secretKey),
    onEvent: options.onEvent ?? null,
    accessTokens: jwtConfig
      ? createAccessTokenService(jwtConfig, {
          clock: options.clock ?? systemClock,
          strict: options.jwt?.strict ?? false,
          locations: options.jwt?.locations ?? {},
          claims: options.jwt?.claims as ((user: User) => Record<string, JsonValue>) | undefined,
        })
      : null,
    featureRoutes: options.passkeys?.routes ?? [],
  })
}

/** The origin of `raw` when `raw` is exactly an origin (scheme, host, optional port), else null. */
function parseOrigin(raw: string): string | null {
  try {
    const url = new URL(raw)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    return url.origin === raw.replace(/\/$/, '') ? url.origin : null
  } catch {
    return null
  }
}

const STORAGE_METHODS = [
  'createUser',
  'getUserById',
  'getUserByEmail',
  'getUserByUsername',
  'updateUser',
  'replacePasswordHash',
  'deleteUser',
  'listUsers',
  'createSession',
  'getSessionAndUser',
  'getSession',
  'touchSession',
  'listUserSessions',
  'deleteUserSession',
  'deleteSession',
  'deleteUserSessions',
  'createToken',
  'consumeToken',
  'deleteUserTokens',
  'hitRateLimit',
  'resetRateLimit',
  'createRefreshToken',
  'rotateRefreshToken',
  'getRefreshToken',
  'deleteRefreshTokenFamily',
  'deleteUserRefreshTokens',
  'createApiKey',
  'getApiKeyAndUser',
  'listUserApiKeys',
  'deleteUserApiKey',
  'deleteUserApiKeys',
  'touchApiKey',
  'putTotpFactor',
  'getTotpFactor',
  'acceptTotpStep',
  'deleteTotpFactor',
  'replaceBackupCodes',
  'consumeBackupCode',
  'countBackupCodes',
  'getSecondFactors',
  'createPasskey',
  'getPasskeyAndUser',
  'listUserPasskeys',
  'deleteUserPasskey',
  'recordPasskeyUse',
] as const

function isStorage(value: unknown): value is Storage {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return STORAGE_METHODS.every((method) => typeof record[method] === 'function')
}
