import type { Principal } from '@portcullis/core'
import type { GetConnInfo } from 'hono/conninfo'

/**
 * The context variables {@link authMiddleware} sets. Put them in your app's `Variables` (or
 * use {@link AuthEnv}) and `c.get('auth')` is typed.
 *
 * @typeParam F - The custom user fields of your `createAuth` (its user schema's output type).
 * @example
 * const app = new Hono<{ Variables: AuthVariables<{ displayName?: string }> }>()
 * app.get('/hello', (c) => c.text(`hello ${c.get('auth')?.user.displayName ?? 'stranger'}`))
 */
export interface AuthVariables<F extends object = Record<string, unknown>> {
  /** Who made the request, or null when no strategy recognised it. */
  auth: Principal<F> | null
}

/**
 * A Hono `Env` carrying only {@link AuthVariables}: `new Hono<AuthEnv<F>>()`. Apps with their
 * own bindings or variables declare `{ Bindings: B; Variables: AuthVariables<F> & V }` instead.
 *
 * @typeParam F - The custom user fields.
 * @example
 * const app = new Hono<AuthEnv>()
 */
export interface AuthEnv<F extends object = Record<string, unknown>> {
  Variables: AuthVariables<F>
}

/**
 * How the adapter finds the client IP it hands to core (per-IP rate limits, session records).
 * Shared by {@link authHandler}, {@link mountAuth} and {@link authMiddleware}.
 */
export interface ClientIpOptions {
  /**
   * The conn-info helper of your runtime: `getConnInfo` from `@hono/node-server/conninfo`
   * (Node), `hono/bun` or `@hono/bun` (Bun), `hono/deno` (Deno) or `hono/cloudflare-workers`
   * (Workers). Without it core gets no client IP, so per-IP limits cannot apply (per-account
   * limits still do).
   * @default undefined
   */
  getConnInfo?: GetConnInfo | undefined
  /**
   * Addresses and CIDR ranges (IPv4 and IPv6) of the reverse proxies in front of the app. Only
   * when the socket peer is one of them is `X-Forwarded-For` read, and then the right-most hop
   * that is not a trusted proxy is the client. Empty: `X-Forwarded-For` is ignored entirely.
   * Needs `getConnInfo`.
   * @default []
   */
  trustedProxies?: readonly string[] | undefined
}
