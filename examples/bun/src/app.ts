import { authRoutes, type BunHandler, requireAuth, withPrincipal } from '@portcullis/bun'
import {
  type Auth,
  createAuth,
  type JwtKeyInput,
  type Logger,
  type Mailer,
  type Storage,
} from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import { z } from 'zod'

/** The example's custom user fields: an optional display name, settable at register and via PATCH /auth/me. */
export const userFields = z.object({
  displayName: z.string().trim().min(1).max(80).optional(),
})

/** The custom fields as a type. */
export type UserFields = z.infer<typeof userFields>

/** What {@link createApp} needs; `server.ts` reads it from the environment. */
export interface AppConfig {
  /** The trusted app origin (`APP_ORIGIN`), e.g. `http://localhost:8787`. */
  origin: string
  /** `production` refuses http origins and needs `secret` and `jwtKeys`. */
  mode: 'production' | 'development'
  /** Server secret, 32+ characters (`AUTH_SECRET`). Generated per process in development when absent. */
  secret?: string | undefined
  /** Where users and sessions live. */
  storage: Storage
  /** Reverse proxies whose `X-Forwarded-For` is believed. @default [] */
  trustedProxies?: readonly string[] | undefined
  /** Where core's warnings go. @default console */
  logger?: Logger | undefined
  /** Access-token keys (`JWT_KEYS`). Absent: in development core generates a pair per process. */
  jwtKeys?: readonly JwtKeyInput[] | undefined
  /** Sends account mail (verification, password reset); without it those endpoints are off. */
  mailer?: Mailer | undefined
}

/** A value of `Bun.serve({ routes })`: a static response, a handler, or handlers by method. */
export type RouteValue = Response | BunHandler | { GET: BunHandler }

/** What `Bun.serve` takes from the example, and the auth instance behind it. */
export interface ExampleApp {
  auth: Auth<UserFields>
  /** `Bun.serve({ routes })`: the contract under `/auth`, the index and the `/api/*` routes. */
  routes: Record<string, RouteValue>
  /** `Bun.serve({ fetch })`: everything no route matched. */
  fetch: (request: Request) => Response
}

const endpoints = {
  'GET /': 'this list',
  'POST /auth/register':
    'email, password (15+ characters), username?, displayName? → 201 {user} + session cookie',
  'POST /auth/login': 'identifier (email or username), password → 200 {user} + session cookie',
  'GET /auth/me': '200 {user}',
  '/auth/*': 'the rest of the Portcullis HTTP contract (sessions, tokens, API keys, TOTP, passkeys)',
  'GET /api/private': 'any signed-in user (cookie, Bearer access token or API key) → 200 {user}',
  'GET /api/posts': 'scope posts:read → 200 {posts}',
  'GET /api/admin': 'role admin → 200 {user}',
}

const notFound = (): Response =>
  Response.json({ error: { code: 'not_found', message: 'not found' } }, { status: 404 })

/**
 * Builds the example for `Bun.serve`: the Portcullis contract under `/auth` (`authRoutes`), a
 * JSON index at `/`, and `/api/*` routes behind `requireAuth`. Unsafe requests to `/auth` need
 * `Origin: <origin>` and `Content-Type: application/json`.
 *
 * @param config - Origin, mode, secret, storage, proxies, keys and mailer.
 * @returns The routes, the fallback fetch and the auth instance.
 * @throws {ConfigError} From `createAuth`, when the origin, mode and secret do not fit together.
 * @example
 * const { routes, fetch } = createApp({ origin: 'http://localhost:8787', mode: 'development', storage: createMemoryStorage() })
 * Bun.serve({ port: 8787, routes, fetch })
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
  const clientIp = { trustedProxies: config.trustedProxies }
  const guarded = (handler: BunHandler): { GET: BunHandler } => ({ GET: handler })

  const routes: Record<string, RouteValue> = {
    '/': Response.json({
      name: 'Portcullis example (Bun.serve)',
      origin: config.origin,
      note: 'send Origin and Content-Type: application/json on POST/PATCH/DELETE',
      endpoints,
    }),
    ...authRoutes(auth, clientIp),
    '/api/private': guarded(
      withPrincipal(
        auth,
        requireAuth((_request, principal) =>
          Response.json({ user: principal.user, method: principal.method }),
        ),
        clientIp,
      ),
    ),
    '/api/posts': guarded(
      withPrincipal(
        auth,
        requireAuth(() => Response.json({ posts: [{ id: 1, title: 'Hello from Portcullis' }] }), {
          scopes: ['posts:read'],
        }),
        clientIp,
      ),
    ),
    '/api/admin': guarded(
      withPrincipal(
        auth,
        requireAuth((_request, principal) => Response.json({ message: 'admin area', user: principal.user }), {
          roles: ['admin'],
        }),
        clientIp,
      ),
    ),
  }
  return { auth, routes, fetch: notFound }
}
