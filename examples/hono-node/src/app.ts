import {
  type Auth,
  createAuth,
  type JwtKeyInput,
  type Logger,
  type Mailer,
  type Storage,
} from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import { type AuthEnv, authMiddleware, mountAuth, requireAuth } from '@portcullis/hono'
import { Hono } from 'hono'
import type { GetConnInfo } from 'hono/conninfo'
import { z } from 'zod'
import { mountDemoPage } from './demo-page.js'

/** The example's custom user fields: an optional display name, settable at register and via PATCH /auth/me. */
export const userFields = z.object({
  displayName: z.string().trim().min(1).max(80).optional(),
})

/** The custom fields as a type: `c.get('auth')?.user.displayName` is `string | undefined`. */
export type UserFields = z.infer<typeof userFields>

/** What {@link createApp} needs; `server.ts` reads it from the environment. */
export interface AppConfig {
  /** The trusted app origin (`APP_ORIGIN`), e.g. `http://localhost:8787`. */
  origin: string
  /** `production` refuses http origins and needs `secret`. */
  mode: 'production' | 'development'
  /** Server secret, 32+ characters (`AUTH_SECRET`). Generated per process in development when absent. */
  secret?: string | undefined
  /** Where users and sessions live. */
  storage: Storage
  /** The runtime's conn-info helper (`@hono/node-server/conninfo` on Node); omitted in `app.request()` tests. */
  getConnInfo?: GetConnInfo | undefined
  /** Reverse proxies whose `X-Forwarded-For` is believed. @default [] */
  trustedProxies?: readonly string[] | undefined
  /** Where core's warnings go. @default console */
  logger?: Logger | undefined
  /**
   * Access-token keys (`JWT_KEYS`, or the development key kept under `.data/`). Absent: in
   * development core generates an Ed25519 pair (the server persists it); production refuses.
   */
  jwtKeys?: readonly JwtKeyInput[] | undefined
  /** Sends account mail (verification, password reset); without it those endpoints are off. */
  mailer?: Mailer | undefined
}

/** The app and the auth instance behind it (tests and scripts use `auth.api`). */
export interface ExampleApp {
  app: Hono<AuthEnv<UserFields>>
  auth: Auth<UserFields>
}

const endpoints = {
  'GET /': 'the demo page (register, log in, sessions, TOTP, backup codes, passkeys)',
  'GET /endpoints': 'this list',
  'POST /auth/register':
    'email, password (15+ characters), username?, displayName? → 201 {user} + session cookie',
  'POST /auth/login':
    'identifier (email or username) or email, password → 200 {user} + session cookie, or 401 two_factor_required {challenge, methods}',
  'POST /auth/logout': '204, cookies cleared; refreshToken? in the body revokes its family',
  'POST /auth/password-reset/request': 'email → 202 (a link is mailed to existing accounts)',
  'POST /auth/password-reset/confirm': 'token, newPassword → 204, every session revoked',
  'POST /auth/email-verification/request': 'signed in, or email → 202',
  'POST /auth/email-verification/confirm': 'token → 204',
  'GET /auth/email-verification/status': '200 {email, verified}',
  'POST /auth/login/two-factor': 'challenge, code (TOTP or backup code) → 200 {user} + session cookie',
  'GET /auth/two-factor': '200 {totp, passkeys, backupCodesRemaining}',
  'POST /auth/two-factor/totp/setup': '200 {secret, otpauthUri, qrCodeSvg} (pending until enabled)',
  'POST /auth/two-factor/totp/enable': 'code → 200 {backupCodes} (shown once)',
  'POST /auth/two-factor/totp/disable': 'code or password → 204',
  'POST /auth/two-factor/backup-codes': 'code or password → 200 {backupCodes}, old ones die',
  'POST /auth/passkeys/register/options': '200 {options} for navigator.credentials.create',
  'POST /auth/passkeys/register/verify': 'response, name? → 200 {passkey}',
  'POST /auth/passkeys/login/options': 'challenge? (of a password login: second factor) → 200 {options}',
  'POST /auth/passkeys/login/verify': 'response, challenge? → 200 {user} + session cookie',
  'GET /auth/passkeys': '200 {passkeys}',
  'DELETE /auth/passkeys/:id': '204',
  'POST /auth/users/:id/username': 'username → 200 {user} (self or admin)',
  'POST /auth/refresh': 'refreshToken (or the refresh cookie) → 200 new accessToken + refreshToken',
  'GET /auth/.well-known/jwks.json': 'public keys of the access tokens',
  'POST /auth/api-keys': 'name, scopes?, expiresIn? → 201 {id, key} (key shown once)',
  'GET /auth/api-keys': '200 {apiKeys}',
  'DELETE /auth/api-keys/:id': '204',
  'GET /auth/me': '200 {user}',
  'PATCH /auth/me': 'displayName → 200 {user}',
  'POST /auth/change-password': 'currentPassword, newPassword → 204, other sessions revoked',
  'GET /auth/sessions': '200 {sessions}',
  'DELETE /auth/sessions/:id': '204',
  'DELETE /auth/sessions': '204, other sessions revoked (?all=true: this one too)',
  'GET /api/private': 'any signed-in user (cookie, Bearer access token or API key) → 200 {user}',
  'GET /api/posts': 'scope posts:read (sessions and access tokens have every scope) → 200 {posts}',
  'GET /api/admin': 'role admin → 200 {user}',
}

/**
 * Builds the example: the demo page at `/`, the Portcullis contract under `/auth`, and
 * `/api/*` behind `requireAuth`. Unsafe requests to `/auth` need `Origin: <origin>` (or
 * `Sec-Fetch-Site: same-origin`) and `Content-Type: application/json`.
 *
 * @param config - Origin, mode, secret, storage and client-IP options.
 * @returns The Hono app and the auth instance.
 * @throws {ConfigError} From `createAuth`, when the origin, mode and secret do not fit together.
 * @example
 * const { app } = createApp({ origin: 'http://localhost:8787', mode: 'development', storage: createMemoryStorage() })
 * const response = await app.request('/endpoints')
 */
export function createApp(config: AppConfig): ExampleApp {
  const auth = createAuth({
    passkeys: passkeys(),
    storage: config.storage,
    origins: config.origin,
    mode: config.mode,
    ...(config.secret === undefined ? {} : { secret: config.secret }),
    ...(config.logger === undefined ? {} : { logger: config.logger }),
    user: { fields: userFields },
    jwt: config.jwtKeys === undefined ? {} : { keys: config.jwtKeys },
    ...(config.mailer ? { mailer: config.mailer } : {}),
  })
  const clientIp = { getConnInfo: config.getConnInfo, trustedProxies: config.trustedProxies }

  const app = new Hono<AuthEnv<UserFields>>()

  mountDemoPage(app)
  app.get('/endpoints', (c) =>
    c.json({
      name: 'Portcullis example (Hono on Node)',
      origin: config.origin,
      note: 'send Origin and Content-Type: application/json on POST/PATCH/DELETE',
      endpoints,
    }),
  )

  mountAuth(app, auth, clientIp)

  app.use('/api/*', authMiddleware(auth, clientIp))
  app.use('/api/*', requireAuth())
  app.use('/api/admin/*', requireAuth({ roles: ['admin'] }))

  app.use('/api/posts', requireAuth({ scopes: ['posts:read'] }))

  app.get('/api/private', (c) => c.json({ user: c.get('auth')!.user, method: c.get('auth')!.method }))
  app.get('/api/posts', (c) => c.json({ posts: [{ id: 1, title: 'Hello from Portcullis' }] }))
  app.get('/api/admin', (c) => c.json({ message: 'admin area', user: c.get('auth')!.user }))

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'not found' } }, 404))
  app.onError((error, c) => {
    console.error('unexpected error', error)
    return c.json({ error: { code: 'internal_error', message: 'internal error' } }, 500)
  })

  return { app, auth }
}
