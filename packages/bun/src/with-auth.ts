import type { Auth } from '@portcullis/core'
import { authHandler } from './auth-routes.js'
import { checkAuth } from './check-auth.js'
import { createClientIpResolver } from './client-ip.js'
import { createAuthPathMatcher } from './is-auth-path.js'
import type { BunHandler, ClientIpOptions, PrincipalHandler, RequestIpSource } from './types.js'

/**
 * Wraps a handler that needs the principal into one of Bun's shape: it runs
 * `auth.authenticate(req, { clientIp })` (session cookie, bearer access token, API key) and
 * calls `handler(req, principal, server)`, `principal` being null for an anonymous request. It
 * never rejects by itself; combine it with {@link requireAuth}. An error from core (storage
 * down) propagates, so nothing slips through unauthenticated. For a route of `Bun.serve`.
 *
 * @typeParam F - The custom user fields of `auth`.
 * @typeParam S - The server type.
 * @typeParam R - The request type (`BunRequest` with its `params` in a route).
 * @param auth - What `createAuth` returned.
 * @param handler - `(request, principal, server) => Response`.
 * @param options - Trusted proxies ({@link ClientIpOptions}).
 * @returns `(request, server) => Promise<Response>`.
 * @throws {TypeError} At construction, when `auth` is not a Portcullis instance, `handler` is
 * not a function or a trusted proxy is not an address or CIDR range.
 * @example
 * Bun.serve({
 *   routes: {
 *     ...authRoutes(auth),
 *     '/api/me': withPrincipal(auth, requireAuth((req, principal) => Response.json(principal.user))),
 *   },
 * })
 */
export function withPrincipal<
  F extends object,
  S extends RequestIpSource = RequestIpSource,
  R extends Request = Request,
>(auth: Auth<F>, handler: PrincipalHandler<F, S, R>, options: ClientIpOptions = {}): BunHandler<S, R> {
  checkAuth('withPrincipal', auth)
  if (typeof handler !== 'function') throw new TypeError('withPrincipal: "handler" must be a function')
  const clientIp = createClientIpResolver(options)
  return async function withPrincipal(request, server) {
    const principal = await auth.authenticate(request, { clientIp: clientIp(request, server) })
    return handler(request, principal, server)
  }
}

/**
 * Wraps the app's `fetch` for `Bun.serve`: requests under `auth.basePath` go to core's handler
 * (the HTTP contract), every other request is authenticated and handed to
 * `fetch(req, principal, server)`, `principal` being null for an anonymous request. Requests to
 * the auth routes are not authenticated twice: core does it itself.
 *
 * Which paths are core's is decided segment-wise as core decides it (`/auth//login` is core's,
 * `/authors` is not). With `basePath: ''` every request is core's and `fetch` is never called.
 *
 * @typeParam F - The custom user fields of `auth`.
 * @typeParam S - The server type (annotate `server` in `fetch` as Bun's `Server` to use it).
 * @param auth - What `createAuth` returned.
 * @param fetch - The app: `(request, principal, server) => Response`.
 * @param options - Trusted proxies ({@link ClientIpOptions}).
 * @returns A `fetch` for `Bun.serve`.
 * @throws {TypeError} As {@link withPrincipal} does.
 * @example
 * Bun.serve({
 *   port: 8787,
 *   fetch: withAuth(auth, (req, principal) =>
 *     principal ? Response.json({ hello: principal.user.email }) : new Response('hello stranger'),
 *   ),
 * })
 */
export function withAuth<F extends object, S extends RequestIpSource = RequestIpSource>(
  auth: Auth<F>,
  fetch: PrincipalHandler<F, S>,
  options: ClientIpOptions = {},
): BunHandler<S> {
  checkAuth('withAuth', auth)
  if (typeof fetch !== 'function') throw new TypeError('withAuth: "fetch" must be a function')
  const serveAuth = authHandler(auth, options)
  const app = withPrincipal(auth, fetch, options)
  const isAuthPath = createAuthPathMatcher(auth.basePath)
  return function withAuth(request, server) {
    return isAuthPath(new URL(request.url).pathname) ? serveAuth(request, server) : app(request, server)
  }
}
