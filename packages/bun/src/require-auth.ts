import { createPrincipalCheck } from '@portcullis/core'
import { errorResponse } from './error-response.js'
import type { AuthenticatedHandler, PrincipalHandler } from './types.js'

/** The role that passes every role check of {@link requireAuth} (from `@portcullis/core`). */
export { ADMIN_ROLE } from '@portcullis/core'

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
}

/**
 * Guards a handler: answers 401 `unauthenticated` when there is no principal, and 403
 * `forbidden` when it lacks a required role or scope; otherwise calls `handler` with a principal
 * that is not null. Error bodies use the Portcullis envelope `{"error": {"code", "message"}}`
 * with `Cache-Control: no-store`. The result takes `(request, principal, server)`: give it to
 * {@link withPrincipal} (a route) or {@link withAuth} (the whole app), or call it from yours.
 *
 * Roles: at least one of `roles`, and `admin` passes any role check. Scopes: all of `scopes`
 * (`*` grants all).
 *
 * @typeParam F - The custom user fields.
 * @typeParam S - The server type.
 * @typeParam R - The request type.
 * @param handler - `(request, principal, server) => Response`, called only when the checks pass.
 * @param options - `roles` and `scopes`.
 * @returns A handler that accepts a null principal.
 * @throws {TypeError} At construction, on an empty `roles`/`scopes` list or a handler that is
 * not a function.
 * @example
 * const admin = withPrincipal(auth, requireAuth((req, principal) => Response.json(principal.user), { roles: ['admin'] }))
 * Bun.serve({ routes: { ...authRoutes(auth), '/api/admin': admin } })
 */
export function requireAuth<F extends object, S, R extends Request = Request>(
  handler: AuthenticatedHandler<F, S, R>,
  options: RequireAuthOptions = {},
): PrincipalHandler<F, S, R> {
  if (typeof handler !== 'function') throw new TypeError('requireAuth: "handler" must be a function')
  const check = createPrincipalCheck(options)

  return function requireAuth(request, principal, server) {
    const refusal = check(principal)
    if (refusal) return errorResponse(refusal.status, refusal.code, refusal.message)
    // A null principal is always refused above.
    return handler(request, principal!, server)
  }
}
