import type { Principal, RequestContext } from '../auth/types.js'
import type { Deps } from '../config/resolve-config.js'
import { NotFoundError, PortcullisError, UnauthenticatedError } from '../errors/errors.js'
import { readCookie } from './cookies.js'
import { assertTrustedOrigin } from './csrf.js'
import { normalizePath } from './normalize-path.js'
import { errorResponse, internalErrorResponse } from './responses.js'
import type { RouteContext } from './route.js'
import { createRouter } from './router.js'
import { routes } from './routes/index.js'
import { clearSessionCookie } from './session-cookie.js'

/**
 * The HTTP door: routes the contract under the base path. Untrusted input all the way: the
 * origin is checked before the body is read, every body is validated, and who is acting comes
 * only from the credentials, never from a body field. Never throws and never answers 500 for
 * bad input: a 500 means a bug and is logged (without secrets).
 */
export function createHandler(
  deps: Deps,
  authenticate: (request: Request, context: RequestContext) => Promise<Principal | null>,
) {
  const match = createRouter([...routes, ...deps.featureRoutes])
  const { basePath } = deps.config
  return async function handler(request: Request, requestContext: RequestContext = {}): Promise<Response> {
    try {
      const path = normalizePath(new URL(request.url).pathname)
      if (path === null || (path !== basePath && !path.startsWith(`${basePath}/`)))
        throw new NotFoundError('not found')
      const found = match(request.method, path.slice(basePath.length) || '/')
      if (!found) throw new NotFoundError('not found')
      if (found.route.csrf !== 'route' && !isBearerRequest(request, deps.config.session.cookieName))
        assertTrustedOrigin(request, deps.config)
      let principal: Promise<Principal | null> | undefined
      const context: RouteContext = {
        request,
        deps,
        params: found.params,
        clientIp: requestContext.clientIp,
        waitUntil: requestContext.waitUntil,
        authenticate: () => {
          principal ??= authenticate(request, requestContext)
          return principal
        },
      }
      return await found.route.run(context)
    } catch (error) {
      if (error instanceof PortcullisError) {
        // A session cookie that did not authenticate is cleared (SES-3).
        const staleCookie =
          error instanceof UnauthenticatedError &&
          readCookie(request.headers.get('cookie'), deps.config.session.cookieName) !== null
        return errorResponse(error, staleCookie ? [clearSessionCookie(deps.config)] : [])
      }
      deps.logger.error(`unexpected error on ${request.method} ${safePath(request.url)}`, error)
      return internalErrorResponse()
    }
  }
}

/**
 * A request that authenticates with a header (bearer token, API key) and carries no session
 * cookie: no browser sends such a header cross-site without a CORS preflight, so it needs no
 * origin check (CSRF-6). A request with the session cookie is always checked, so a route never
 * falls back to the cookie without the check.
 */
function isBearerRequest(request: Request, sessionCookieName: string): boolean {
  const { headers } = request
  if (!headers.has('authorization') && !headers.has('x-api-key')) return false
  return readCookie(headers.get('cookie'), sessionCookieName) === null
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname.slice(0, 200)
  } catch {
    return '(unparsable url)'
  }
}
