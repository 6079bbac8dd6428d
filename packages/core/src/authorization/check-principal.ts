import type { Principal } from '../auth/types.js'

/** The role that passes every role check. */
export const ADMIN_ROLE = 'admin'

/** What a guard asks of a principal. */
export interface PrincipalRequirements {
  /**
   * The user needs at least one of these roles; `admin` passes every role check. Omit for "any
   * authenticated user".
   */
  roles?: readonly string[]
  /**
   * The credential needs every one of these scopes. A session carries `['*']`, which grants all;
   * an API key carries what it was created with. The `admin` role does not stand in for scopes.
   */
  scopes?: readonly string[]
}

/** Why a principal was refused: the status and error code a guard answers with. */
export interface PrincipalRefusal {
  status: 401 | 403
  code: 'unauthenticated' | 'forbidden'
  message: string
}

function checkNames(
  kind: 'roles' | 'scopes',
  names: readonly string[] | undefined,
): ReadonlySet<string> | null {
  if (names === undefined) return null
  if (!Array.isArray(names) || names.length === 0)
    throw new TypeError(
      `requireAuth: "${kind}" must be a non-empty array of strings (omit it for no ${kind} check)`,
    )
  for (const name of names)
    if (typeof name !== 'string' || name.length === 0)
      throw new TypeError(`requireAuth: "${kind}" must hold non-empty strings`)
  return new Set(names)
}

/**
 * The check behind every adapter's `requireAuth`, built once: null when the principal may pass;
 * otherwise 401 `unauthenticated` (no principal) or 403 `forbidden` (a missing role or scope).
 *
 * @param requirements - `roles` (any one; `admin` passes) and `scopes` (all; `*` grants all)
 * @returns `(principal) => refusal | null`
 * @throws {TypeError} on an empty or malformed `roles` / `scopes` list, at construction
 * @example
 * const check = createPrincipalCheck({ roles: ['billing'] })
 * const refusal = check(await auth.authenticate(request))
 * if (refusal) return Response.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status })
 */
export function createPrincipalCheck(
  requirements: PrincipalRequirements = {},
): (principal: Principal<object> | null) => PrincipalRefusal | null {
  const roles = checkNames('roles', requirements.roles)
  const scopes = checkNames('scopes', requirements.scopes)
  return function checkPrincipal(principal) {
    if (!principal) return { status: 401, code: 'unauthenticated', message: 'authentication required' }
    if (roles && !principal.user.roles.some((role) => role === ADMIN_ROLE || roles.has(role)))
      return { status: 403, code: 'forbidden', message: 'missing a required role' }
    if (scopes && !principal.scopes.includes('*'))
      for (const scope of scopes)
        if (!principal.scopes.includes(scope))
          return { status: 403, code: 'forbidden', message: 'missing a required scope' }
    return null
  }
}
