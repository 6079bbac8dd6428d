import type { Auth } from '@portcullis/core'
import { checkAuth } from './check-auth.js'
import { createClientIpResolver } from './client-ip.js'
import type { BunHandler, ClientIpOptions, RequestIpSource } from './types.js'

/** The `routes` {@link authRoutes} returns: `/auth` and `/auth/*` (for the default base path). */
export type AuthRoutes = Record<string, BunHandler<RequestIpSource>>

/**
 * A handler in Bun's shape that hands the raw request to `auth.handler` (the HTTP contract)
 * with the client IP from `server.requestIP(req)` (see {@link ClientIpOptions}) and returns
 * core's response untouched. {@link authRoutes} routes it; call it yourself from a `fetch`.
 *
 * @param auth - What `createAuth` returned.
 * @param options - Trusted proxies.
 * @returns `(request, server) => Promise<Response>`.
 * @throws {TypeError} At construction, when `auth` is not a Portcullis instance or a trusted
 * proxy is not an address or CIDR range.
 * @example
 * const auth = authHandler(createAuth({ ... }))
 * Bun.serve({ fetch: (req, server) => auth(req, server) })
 */
export function authHandler(auth: Auth<object>, options: ClientIpOptions = {}): BunHandler<RequestIpSource> {
  checkAuth('authHandler', auth)
  const clientIp = createClientIpResolver(options)
  return function authHandler(request, server) {
    return auth.handler(request, { clientIp: clientIp(request, server) })
  }
}

/**
 * The `routes` of `Bun.serve` that serve the HTTP contract: every method of
 * `${auth.basePath}` and `${auth.basePath}/*` goes to {@link authHandler}. Spread it next to
 * your own routes; Bun prefers the more specific route, so `/auth/*` never shadows yours.
 *
 * @param auth - What `createAuth` returned.
 * @param options - Trusted proxies ({@link ClientIpOptions}).
 * @returns `{ '/auth': handler, '/auth/*': handler }` (with `auth.basePath`).
 * @throws {TypeError} As {@link authHandler} does.
 * @example
 * Bun.serve({
 *   routes: { ...authRoutes(auth), '/health': new Response('ok') },
 *   fetch: () => new Response('not found', { status: 404 }),
 * })
 */
export function authRoutes(auth: Auth<object>, options: ClientIpOptions = {}): AuthRoutes {
  checkAuth('authRoutes', auth)
  const handler = authHandler(auth, options)
  const base = auth.basePath
  return base === '' ? { '/*': handler } : { [base]: handler, [`${base}/*`]: handler }
}
