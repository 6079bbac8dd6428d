import type { Principal } from '@portcullis/core'

/**
 * The part of Bun's `Server` the adapter uses. `Bun.serve()` returns one and passes it as the
 * second argument of `fetch` and of every route handler; a stand-in works in tests.
 */
export interface RequestIpSource {
  /** The peer of the request's socket, or null (a Unix socket, a closed connection). */
  requestIP(request: Request): { readonly address: string } | null
}

/**
 * How the adapter finds the client IP it hands to core (per-IP rate limits, session records).
 * Shared by every function of the package.
 */
export interface ClientIpOptions {
  /**
   * Addresses and CIDR ranges (IPv4 and IPv6) of the reverse proxies in front of the app. Only
   * when the socket peer (`server.requestIP(req)`) is one of them is `X-Forwarded-For` read,
   * and then the right-most hop that is not a trusted proxy is the client. Empty: the socket
   * peer is the client and `X-Forwarded-For` is ignored entirely.
   * @default []
   */
  trustedProxies?: readonly string[] | undefined
}

/**
 * A handler that gets the request's principal (or null) next to the request and the server:
 * what {@link withAuth} and {@link withPrincipal} call.
 *
 * @typeParam F - The custom user fields of `auth`.
 * @typeParam S - The server type (Bun's `Server`).
 * @typeParam R - The request type (Bun's `BunRequest` in `routes`).
 */
export type PrincipalHandler<F extends object, S, R extends Request = Request> = (
  request: R,
  principal: Principal<F> | null,
  server: S,
) => Response | Promise<Response>

/**
 * A handler that runs only with a principal: what {@link requireAuth} guards.
 *
 * @typeParam F - The custom user fields of `auth`.
 * @typeParam S - The server type (Bun's `Server`).
 * @typeParam R - The request type.
 */
export type AuthenticatedHandler<F extends object, S, R extends Request = Request> = (
  request: R,
  principal: Principal<F>,
  server: S,
) => Response | Promise<Response>

/**
 * A `fetch`/route handler in Bun's shape, `(request, server) => Response`; `Bun.serve` passes
 * its `Server`, a test may pass any {@link RequestIpSource}.
 */
export type BunHandler<S extends RequestIpSource = RequestIpSource, R extends Request = Request> = (
  request: R,
  server: S,
) => Promise<Response>
