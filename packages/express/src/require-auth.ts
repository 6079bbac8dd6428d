import { createPrincipalCheck } from '@portcullis/core'
import type { NextFunction, Request, Response } from 'express'
import { errorResponse } from './error-response.js'
import { routedPath } from './request-path.js'

/** The role that passes every role check of {@link requireAuth} (from `@portcullis/core`). */
export { ADMIN_ROLE } from '@portcullis/core'

/** Requests {@link requireAuth} lets through without looking at the principal. */
export interface RequireAuthExclude {
  /**
   * Full paths (as in `req.originalUrl`, whatever the mount point), matched against the path
   * Express routes (see {@link routedPath}): a string is an exact path, or a prefix when it
   * ends in `/*` (`'/api/public/*'` matches `/api/public` and everything below it); a RegExp
   * is tested against the path. Case-sensitive and not decoded, so a path spelled differently
   * from the exclusion is guarded, never let through.
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
    const base = routedPath(pattern.slice(0, -2) || '/')
    const below = base === '/' ? '/' : `${base}/`
    return (path) => path === base || path.startsWith(below)
  }
  const exact = routedPath(pattern)
  return (path) => path === exact
}

function excludeMatcher(exclude: RequireAuthExclude): (req: Request) => boolean {
  const methods = new Set<string>()
  for (const method of exclude.methods ?? []) {
    if (typeof method !== 'string' || !METHOD.test(method)) {
      throw new TypeError(`requireAuth: excluded method ${JSON.stringify(method)} is not an HTTP method`)
    }
    methods.add(method.toUpperCase())
  }
  const paths = (exclude.paths ?? []).map(pathMatcher)
  if (methods.size === 0 && paths.length === 0) return () => false
  return (req) => {
    if (methods.has(req.method)) return true
    if (paths.length === 0) return false
    const path = routedPath(req.originalUrl ?? req.url)
    return paths.some((matches) => matches(path))
  }
}

/**
 * Guards routes: answers 401 `unauthenticated` when `req.auth` is null, and 403 `forbidden`
 * when it lacks a required role or scope. Error bodies use the Portcullis envelope
 * `{"error": {"code", "message"}}` with `Cache-Control: no-store`. Runs after
 * {@link authMiddleware}, which sets `req.auth`.
 *
 * Roles: at least one of `roles`, and `admin` passes any role check. Scopes: all of `scopes`
 * (`*` grants all). Exclusions match the full path as Express routes it; prefer mounting the
 * guard on the paths to protect (`app.use('/api/admin', requireAuth({ roles: ['admin'] }))`)
 * over excluding many paths from a global guard.
 *
 * @param options - `roles`, `scopes` and `exclude`.
 * @returns A named Express middleware.
 * @throws {TypeError} At construction, on an empty `roles`/`scopes` list, a path that does not
 * start with `/`, or a malformed method. Per request, when `authMiddleware` did not run before
 * it, an error goes to `next` (a 500, never a pass).
 * @example
 * app.use('/api', authMiddleware(auth))
 * app.use('/api', requireAuth({ exclude: { paths: ['/api/health'] } }))
 * app.use('/api/admin', requireAuth({ roles: ['admin'] }))
 * app.get('/api/me', (req, res) => res.json({ user: req.auth!.user }))
 */
export function requireAuth(
  options: RequireAuthOptions = {},
): (req: Request, res: Response, next: NextFunction) => void {
  const check = createPrincipalCheck(options)
  const isExcluded = excludeMatcher(options.exclude ?? {})

  return function requireAuth(req, res, next) {
    if (isExcluded(req)) return next()
    const principal = req.auth
    if (principal === undefined) {
      return next(new Error('requireAuth: no req.auth; use authMiddleware(auth) before requireAuth()'))
    }
    const refusal = check(principal)
    if (refusal) return errorResponse(res, refusal.status, refusal.code, refusal.message)
    next()
  }
}
