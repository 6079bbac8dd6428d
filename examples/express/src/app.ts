import {
  type Auth,
  createAuth,
  type JwtKeyInput,
  type Logger,
  type Mailer,
  type Storage,
} from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import { authMiddleware, mountAuth, requireAuth } from '@portcullis/express'
import express, { type NextFunction, type Request, type Response } from 'express'
import { z } from 'zod'

/** The example's custom user fields: an optional display name, settable at register and via PATCH /auth/me. */
export const userFields = z.object({
  displayName: z.string().trim().min(1).max(80).optional(),
})

/** The custom fields as a type. */
export type UserFields = z.infer<typeof userFields>

declare module '@portcullis/express' {
  interface Register {
    userFields: UserFields
  }
}

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
  /** Express's `trust proxy` (`TRUST_PROXY`): the proxies whose `X-Forwarded-For` is believed. @default none */
  trustProxy?: readonly string[] | undefined
  /** Where core's warnings go. @default console */
  logger?: Logger | undefined
  /** Access-token keys (`JWT_KEYS`). Absent: in development core generates an Ed25519 pair per process. */
  jwtKeys?: readonly JwtKeyInput[] | undefined
  /** Sends account mail (verification, password reset); without it those endpoints are off. */
  mailer?: Mailer | undefined
}

/** The app and the auth instance behind it. */
export interface ExampleApp {
  app: express.Express
  auth: Auth<UserFields>
}

const endpoints = {
  'GET /': 'this list',
  'POST /auth/register':
    'email, password (15+ characters), username?, displayName? → 201 {user} + session cookie',
  'POST /auth/login':
    'identifier (email or username), password → 200 {user} + cookies, or 401 two_factor_required',
  'POST /auth/logout': '204, cookies cleared',
  'GET /auth/me': '200 {user}',
  'PATCH /auth/me': 'displayName → 200 {user}',
  '… /auth/*': 'the rest of the Portcullis contract (sessions, tokens, API keys, TOTP, passkeys, mail flows)',
  'GET /api/private': 'any signed-in user (cookie, Bearer access token or API key) → 200 {user}',
  'GET /api/posts': 'scope posts:read (sessions and access tokens have every scope) → 200 {posts}',
  'GET /api/admin': 'role admin → 200 {user}',
}

/**
 * Builds the example: the Portcullis contract under `/auth` and `/api/*` behind `requireAuth`.
 * Unsafe requests to `/auth` need `Origin: <origin>` and `Content-Type: application/json`.
 *
 * @param config - Origin, mode, secret, storage, proxies, keys and mailer.
 * @returns The Express app and the auth instance.
 * @throws {ConfigError} From `createAuth`, when the origin, mode and secret do not fit together.
 * @example
 * const { app } = createApp({ origin: 'http://localhost:8787', mode: 'development', storage: createMemoryStorage() })
 * app.listen(8787)
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

  const app = express()
  app.disable('x-powered-by')
  if (config.trustProxy) app.set('trust proxy', [...config.trustProxy])

  app.get('/', (_req, res) => {
    res.json({
      name: 'Portcullis example (Express on Node)',
      origin: config.origin,
      note: 'send Origin and Content-Type: application/json on POST/PATCH/DELETE',
      endpoints,
    })
  })

  mountAuth(app, auth)

  app.use('/api', authMiddleware(auth))
  app.use('/api', requireAuth())
  app.use('/api/admin', requireAuth({ roles: ['admin'] }))
  app.use('/api/posts', requireAuth({ scopes: ['posts:read'] }))

  app.get('/api/private', (req, res) => {
    res.json({ user: req.auth!.user, method: req.auth!.method })
  })
  app.get('/api/posts', (_req, res) => {
    res.json({ posts: [{ id: 1, title: 'Hello from Portcullis' }] })
  })
  app.get('/api/admin', (req, res) => {
    res.json({ message: 'admin area', user: req.auth!.user })
  })

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'not_found', message: 'not found' } })
  })
  app.use(
    (
      error: Error & { status?: number; type?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      // Errors of Express's own parsers carry their status (400, 413, 415); anything else is a bug.
      if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        res.status(error.status).json({ error: { code: 'invalid_request', message: 'invalid request' } })
        return
      }
      console.error('unexpected error', error)
      res.status(500).json({ error: { code: 'internal_error', message: 'internal error' } })
    },
  )

  return { app, auth }
}
