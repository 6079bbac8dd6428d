import type { AuthStrategy, Principal, RequestContext } from '../auth/types.js'
import type { Deps } from '../config/resolve-config.js'
import { readCookie } from '../http/cookies.js'
import { validateSession } from '../sessions/validate-session.js'
import { toUser } from '../users/to-user.js'

/** Scopes of a session: a person logged in can do everything they may. */
const SESSION_SCOPES: readonly string[] = ['*']

/**
 * The session-cookie strategy: reads the session cookie (exact name only; never a token from
 * the URL, SES-9) and validates it. Null when there is no cookie or it is not valid.
 */
export function sessionCookieStrategy(deps: Deps): AuthStrategy {
  const cookieName = deps.config.session.cookieName
  return {
    name: 'session',
    async authenticate(request: Request, _context: RequestContext): Promise<Principal | null> {
      const token = readCookie(request.headers.get('cookie'), cookieName)
      if (!token) return null
      const result = await validateSession(deps, token)
      if (!result) return null
      return {
        user: toUser(result.user),
        session: result.session,
        sessionId: result.session.id,
        method: 'session',
        scopes: [...SESSION_SCOPES],
      }
    },
  }
}
