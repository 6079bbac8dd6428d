import type * as z from 'zod/mini'
import type { Principal } from '../auth/types.js'
import type { Deps } from '../config/resolve-config.js'
import {
  ForbiddenError,
  InvalidRequestError,
  ReauthenticationRequiredError,
  UnauthenticatedError,
} from '../errors/errors.js'
import { readJsonObject } from './read-json.js'

/** What a route gets: the request, the ports, path parameters and the client IP. */
export interface RouteContext {
  readonly request: Request
  readonly deps: Deps
  readonly params: Readonly<Record<string, string>>
  readonly clientIp: string | undefined
  /** The adapter's `waitUntil`, for work that goes on after the answer. */
  readonly waitUntil: ((promise: Promise<unknown>) => void) | undefined
  /** Runs the authentication chain (memoised per request). */
  readonly authenticate: () => Promise<Principal | null>
}

/** One endpoint of the contract. `path` is relative to the base path, `:name` is a parameter. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  readonly path: string
  /**
   * Who checks the origin of unsafe requests: the handler before the route runs (default), or
   * the route itself (`route`), for a route whose credential may be ambient or not.
   */
  readonly csrf?: 'handler' | 'route'
  run(context: RouteContext): Promise<Response>
}

/**
 * Reads the JSON body and validates it with `schema` (unknown keys are dropped by zod objects).
 * @throws {InvalidRequestError} with a reason per field for wrong types.
 */
export async function readBody<T>(context: RouteContext, schema: z.ZodMiniType<T>): Promise<T> {
  const body = await readJsonObject(context.request, context.deps.config.http.maxBodyBytes)
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) fields[issue.path.join('.') || 'body'] ??= issue.code
  throw new InvalidRequestError('invalid request body', { fields })
}

/** The principal, or 401 `unauthenticated`. */
export async function requirePrincipal(context: RouteContext): Promise<Principal> {
  const principal = await context.authenticate()
  if (!principal) throw new UnauthenticatedError('authentication required')
  return principal
}

/**
 * The principal, when it signed in (session or access token): an API key cannot manage
 * credentials (API keys, second factors, passkeys).
 */
export async function requireSignedIn(context: RouteContext): Promise<Principal> {
  const principal = await requirePrincipal(context)
  if (principal.method === 'api_key') throw new ForbiddenError('an API key cannot manage credentials')
  return principal
}

/**
 * The principal, signed in recently: its session began at most `twoFactor.recentLoginSeconds`
 * ago (the cookie's session, or an access token's `sid`). For adding a second factor, so that a
 * stolen session or token cannot plant a factor of its own.
 * @throws {ReauthenticationRequiredError} when the login is older or unknown
 */
export async function requireRecentLogin(context: RouteContext): Promise<Principal> {
  const principal = await requireSignedIn(context)
  const { deps } = context
  const now = deps.clock.now()
  const session =
    principal.session ??
    (principal.sessionId ? await deps.storage.getSession(principal.sessionId, now) : null)
  const ageSeconds = session ? (now.getTime() - session.createdAt.getTime()) / 1000 : Number.POSITIVE_INFINITY
  if (ageSeconds > deps.config.twoFactor.recentLoginSeconds)
    throw new ReauthenticationRequiredError('sign in again to add a second factor')
  return principal
}
