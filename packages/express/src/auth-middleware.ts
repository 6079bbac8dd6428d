import type { Auth } from '@portcullis/core'
import type { ExpressHandler } from './auth-handler.js'
import { createClientIpResolver } from './client-ip.js'
import { checkOrigin, toRequest } from './to-request.js'
import type { ExpressAuthOptions, RequestAuth } from './types.js'

/**
 * Authenticates every request it sees and sets `req.auth` to the principal, or null. It never
 * rejects: pair it with {@link requireAuth} to guard routes. Only headers matter (cookie,
 * `Authorization`, `X-API-Key`), so the body is left untouched for the route. Mount it on the
 * paths that need the principal rather than globally, so that requests to the auth routes are
 * not authenticated twice.
 *
 * @typeParam F - The custom user fields of `auth` (register them with `Register` to type `req.auth`).
 * @param auth - What `createAuth` returned.
 * @param options - `trustProxy` and `origin` ({@link ExpressAuthOptions}).
 * @returns A named Express middleware; errors from core (storage down) go to `next`.
 * @throws {TypeError} At construction, when `auth` is not a Portcullis instance or an option is invalid.
 * @example
 * app.use('/api', authMiddleware(auth))
 * app.get('/api/hello', (req, res) => res.send(`hello ${req.auth?.user.email ?? 'stranger'}`))
 */
export function authMiddleware<F extends object = Record<string, unknown>>(
  auth: Auth<F>,
  options: ExpressAuthOptions = {},
): ExpressHandler {
  if (!auth || typeof auth.authenticate !== 'function') {
    throw new TypeError('authMiddleware: "auth" must be the object createAuth() returned')
  }
  const clientIp = createClientIpResolver(options)
  const origin = checkOrigin(options.origin)

  return async function authMiddleware(req, _res, next) {
    try {
      // Headers only: the body stream stays untouched for the route.
      const request = toRequest(req, { origin, body: false })
      const principal = request ? await auth.authenticate(request, { clientIp: clientIp(req) }) : null
      req.auth = principal as RequestAuth
      next()
    } catch (error) {
      next(error)
    }
  }
}
