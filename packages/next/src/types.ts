import type { Auth } from '@portcullis/core'

/**
 * The auth instance, or a function returning it (possibly asynchronously). Pass a function when
 * building the instance needs I/O (a database pool, migrations) or secrets: `next build`
 * evaluates route modules while collecting page data, and a function defers the work to the
 * first request. The function is called on every request, so memoise it (see the example's
 * `lib/auth.ts`, which keeps one instance on `globalThis`).
 *
 * @typeParam F - The custom user fields.
 */
export type AuthSource<F extends object = Record<string, unknown>> =
  | Auth<F>
  | (() => Auth<F> | Promise<Auth<F>>)

/**
 * How the adapter finds the client IP it hands to core (per-IP rate limits, session records).
 *
 * Next gives route handlers, server components and the proxy no socket address. `next start`
 * sets `X-Forwarded-For` to the socket address only when the request has none (`??=`), so a
 * client talking to `next start` directly can write that header itself: it is read only when
 * you declare, with `proxy`, that every request comes through reverse proxies you run. Without
 * any option core gets no IP: per-IP limits cannot apply (per-account limits still do).
 *
 * Order: `getClientIp`, then a platform-set `request.ip` (a property some hosts put on the
 * request object; never derived from a header by this adapter), then `proxy`.
 */
export interface ClientIpOptions {
  /**
   * Your own resolver, e.g. `ipAddress` from `@vercel/functions` on Vercel. Its answer is used
   * when it is an IP address; anything else means "unknown".
   * @default undefined
   */
  getClientIp?: ((request: Request) => string | null | undefined) | undefined
  /**
   * Set only when the Next server is reachable through your reverse proxies alone. `header`
   * names what they set: `x-forwarded-for` (default; walked from the right, skipping the hops
   * in `trustedProxies`, the first other hop is the client) or a single-address header such as
   * `x-real-ip`, `cf-connecting-ip`, `fly-client-ip` (taken whole).
   * @default undefined
   */
  proxy?:
    | {
        /** Lower-case header name. @default 'x-forwarded-for' */
        header?: string | undefined
        /**
         * With `x-forwarded-for`: addresses and CIDR ranges of the proxies *behind* the first
         * one (the first proxy's own hop is the client's address as it saw it).
         * @default []
         */
        trustedProxies?: readonly string[] | undefined
      }
    | undefined
}
