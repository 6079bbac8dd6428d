import { createPrincipalCheck, type Principal } from '@portcullis/core'
import type { MiddlewareHandler } from 'hono'
import { errorResponse } from './error-response.js'
import { normalizePath } from './normalize-path.js'
import type { AuthEnv } from './types.js'

/** The role that passes every role check of {@link requireAuth} (from `@portcullis/core`). */
export { ADMIN_ROLE } from '@portcullis/core'

/** Requests {@link requireAuth} lets through without looking at the principal. */
export interface RequireAuthExclude {
  /**
   * Paths matched against the normalised request path (see {@link normalizePath}): a string
   * is an exact path, or a prefix when it ends in `/*` (`'/api/public/*'` matches
   * `/api/public` and everything below it); a RegExp is tested against the normalised path.
   * @default []
   */
  paths?: readonly (string | RegExp)[]
  /** HTTP methods, any case (e.g. `['OPTIONS']` for CORS preflights). @default [] */
  methods?: readonly string[]
}

/** Options of {@link requireAuth}. */
export interface RequireAuthOptions {
  /**
   * The user needs at least one of these roles. A user with the role `admin` passes every
   * role check. Omit for "any authenticated user".
   * @default undefined
   */
  roles?: readonly string[]
  /**
   * The credential needs every one of these scopes. A session carries `['*']`, which grants all;
   * an API key carries what it was created with. The `admin` role does not stand in for scopes.
   * @default undefined
   */
  scopes?: readonly string[]
  /** Requests let through unchecked. @default {} */
  exclude?: RequireAuthExclude
}

const METHOD = /^[A-Za-z]+$/

function pathMatcher(pattern: string | RegExp): (path: string) => boolean {
  if (pattern instanceof RegExp) {
    // A global or sticky RegExp keeps state between calls; a guard must answer the same every time.
    const regexp = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
    return (path) => regexp.test(path)
  }
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new TypeError(
      `requireAuth: excluded path ${JSON.stringify(pattern)} must be a RegExp or start with "/"`,
    )
  }
  if (pattern.endsWith('/*')) {
    const base = normalizePath(pattern.slice(0, -2))
    const below = base === '/' ? '/' : `${base}/`
    return (path) => path === base || path.startsWith(below)
  }
  const exact = normalizePath(pattern)
  return (path) => path === exact
}

function excludeMatcher(exclude: RequireAuthExclude): (method: string, path: string) => boolean {
  const methods = new Set<string>()
  for (const method of exclude.methods ?? []) {
    if (typeof method !== 'string' || !METHOD.test(method)) {
      throw new TypeError(`requireAuth: excluded method ${JSON.stringify(method)} is not an HTTP method`)
    }
    methods.add(method.toUpperCase())
  }
  const paths = (exclude.paths ?? []).map(pathMatcher)
  if (methods.size === 0 && paths.length === 0) return () => false
  return (method, path) =>
    methods.has(method) || (paths.length > 0 && paths.some((m) => m(normalizePath(path))))
}

/**
 * Guards routes: answers 401 `unauthenticated` when the request has no principal, and 403
 * `forbidden` when it lacks a required role or scope. Error bodies use the Portcullis envelope
 * `{"error": {"code", "message"}}` with `Cache-Control: no-store`. Runs after
 * {@link authMiddleware}, which puts the principal on the context.
 *
 * Roles: at least one of `roles`, and `admin` passes any role check. Scopes: all of `scopes`
 * (`*` grants all). Exclusions match the normalised path, so `//admin` or `/admin/` is the
 * same path as `/admin` (SECURITY.md BF-3); prefer mounting the guard on the paths to protect
 * (`app.use('/api/*', requireAuth())`) over excluding many paths from a global guard.
 *
 * @param options - `roles`, `scopes` and `exclude`.
 * @returns A named Hono middleware.
 * @throws {TypeError} At construction, on an empty `roles`/`scopes` list, a path that does not
 * start with `/`, or a malformed method; per request, when `authMiddleware` did not run before it.
 * @example
 * app.use('/api/*', authMiddleware(auth))
 * app.use('/api/*', requireAuth({ exclude: { paths: ['/api/health'] } }))
 * app.use('/api/admin/*', requireAuth({ roles: ['admin'] }))
 * app.get('/api/me', (c) => c.json({ user: c.get('auth')!.user }))
 */
export function requireAuth(options: RequireAuthOptions = {}): MiddlewareHandler<AuthEnv<object>> {
  const check = createPrincipalCheck(options)
  const isExcluded = excludeMatcher(options.exclude ?? {})

  return async function requireAuth(c, next) {
    if (isExcluded(c.req.method, c.req.path)) return next()
    const principal: Principal<object> | null | undefined = c.get('auth')
    if (principal === undefined) {
      throw new Error(
        'requireAuth: no principal on the context; use authMiddleware(auth) before requireAuth()',
      )
    }
    const refusal = check(principal)
    if (refusal) return errorResponse(c, refusal.status, refusal.code, refusal.message)
    return next()
  }
}
