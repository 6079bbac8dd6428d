import type { Auth } from '@portcullis/core'
import type { MiddlewareHandler } from 'hono'
import { createClientIpResolver } from './client-ip.js'
import type { AuthEnv, ClientIpOptions } from './types.js'

/**
 * Authenticates every request it sees and puts the principal (or null) on the context under
 * `'auth'`. It never rejects: pair it with {@link requireAuth} to guard routes. Mount it on
 * the paths that need the principal rather than on `*`, so that requests to the auth routes
 * themselves are not authenticated twice.
 *
 * @typeParam F - The custom user fields of `auth`.
 * @param auth - What `createAuth` returned.
 * @param options - How to find the client IP ({@link ClientIpOptions}).
 * @returns A named Hono middleware; `c.get('auth')` is then `Principal<F> | null`.
 * @throws {TypeError} At construction, when `auth` is not a Portcullis instance or the
 * client-IP options are invalid.
 * @example
 * import { getConnInfo } from '@hono/node-server/conninfo'
 * const app = new Hono<AuthEnv<MyFields>>()
 * app.use('/api/*', authMiddleware(auth, { getConnInfo }))
 * app.get('/api/hello', (c) => c.text(`hello ${c.get('auth')?.user.email ?? 'stranger'}`))
 */
export function authMiddleware<F extends object = Record<string, unknown>>(
  auth: Auth<F>,
  options: ClientIpOptions = {},
): MiddlewareHandler<AuthEnv<F>> {
  if (!auth || typeof auth.authenticate !== 'function') {
    throw new TypeError('authMiddleware: "auth" must be the object createAuth() returned')
  }
  const clientIp = createClientIpResolver(options)

  return async function authMiddleware(c, next) {
    const principal = await auth.authenticate(c.req.raw, { clientIp: clientIp(c) })
    c.set('auth', principal)
    await next()
  }
}
