import { type Auth, createAuth, createConsoleMailer, qrCodeSvg } from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import { z } from 'zod'
import { type Env, readWorkerConfig } from './env.js'
import { createHttpMailer } from './http-mailer.js'
import { createWorkerPasswordHasher } from './password-hasher.js'
import { openStorage } from './storage.js'

/** The example's custom user fields, as in the Node example. */
export const userFields = z.object({
  displayName: z.string().trim().min(1).max(80).optional(),
})

/** The custom fields as a type. */
export type UserFields = z.infer<typeof userFields>

/**
 * Builds the auth instance from the Worker's bindings: reads the settings, opens the storage
 * (D1: migrated once per isolate), and calls `createAuth`. Nothing here runs at module scope, so
 * bindings are only read inside a request; `createAuth` itself is synchronous and does no I/O
 * and no crypto (keys are imported on first use).
 *
 * @param env - The Worker's bindings.
 * @returns The auth instance.
 * @throws {WorkerConfigError} Or `ConfigError` from `createAuth`, when the settings do not fit.
 * @example
 * const auth = await buildAuth(env)
 * return auth.handler(request, { clientIp, waitUntil: (p) => ctx.waitUntil(p) })
 */
export async function buildAuth(env: Env): Promise<Auth<UserFields>> {
  const config = readWorkerConfig(env)
  const storage = await openStorage(env.DB)
  const mailer = config.mailApi
    ? createHttpMailer(config.mailApi)
    : config.mode === 'development'
      ? createConsoleMailer()
      : undefined
  return createAuth({
    // Both opt-in on a Worker, to keep the bundle small; this example serves the whole contract.
    passkeys: passkeys(),
    twoFactor: { qrCode: qrCodeSvg },
    storage,
    origins: config.origin,
    mode: config.mode,
    ...(config.secret === undefined ? {} : { secret: config.secret }),
    user: { fields: userFields },
    password: { hasher: createWorkerPasswordHasher(config.passwordHasher) },
    jwt: config.jwtKeys === undefined ? {} : { keys: config.jwtKeys },
    ...(mailer ? { mailer } : {}),
  })
}

/** The bindings `buildAuth` reads, as one string: the cache is valid while it is unchanged. */
const CONFIG_KEYS = [
  'APP_ORIGIN',
  'AUTH_SECRET',
  'NODE_ENV',
  'JWT_KEYS',
  'PASSWORD_HASHER',
  'SMTP_URL',
  'MAIL_API_URL',
  'MAIL_API_KEY',
  'MAIL_FROM',
] as const satisfies readonly (keyof Env)[]

let cached: { fingerprint: string; db: D1Database | undefined; auth: Promise<Auth<UserFields>> } | undefined

/**
 * The auth instance for this isolate, built by {@link buildAuth} on the first request and reused
 * while the bindings stay the same (compared by value for vars and secrets, by identity for D1).
 * A failed build is not kept: the next request tries again.
 *
 * @param env - The Worker's bindings.
 * @returns The auth instance.
 */
export function getAuth(env: Env): Promise<Auth<UserFields>> {
  const fingerprint = JSON.stringify(CONFIG_KEYS.map((key) => env[key] ?? null))
  if (cached && cached.fingerprint === fingerprint && cached.db === env.DB) return cached.auth
  const auth = buildAuth(env)
  const entry = { fingerprint, db: env.DB, auth }
  cached = entry
  auth.catch(() => {
    if (cached === entry) cached = undefined
  })
  return auth
}
