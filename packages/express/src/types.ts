import type { Principal } from '@portcullis/core'

/**
 * Register your app's custom user fields once, and `req.auth` is typed with them everywhere:
 *
 * ```ts
 * declare module '@portcullis/express' {
 *   interface Register {
 *     userFields: { displayName?: string }
 *   }
 * }
 * ```
 *
 * Express's `Request` is one global type, so the fields cannot come from a generic parameter.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging.
export interface Register {}

/** The custom user fields declared in {@link Register}, else `Record<string, unknown>`. */
export type RegisteredUserFields = Register extends { userFields: infer F extends object }
  ? F
  : Record<string, unknown>

/** What `req.auth` holds after {@link authMiddleware}: the principal, or null. */
export type RequestAuth = Principal<RegisteredUserFields> | null

declare global {
  namespace Express {
    interface Request {
      /**
       * Who made the request, set by `authMiddleware` from `@portcullis/express`: the
       * principal, or null when no credential authenticated. `undefined` before the middleware.
       */
      auth?: RequestAuth
    }
  }
}

/**
 * How the adapter turns Node's request into a `Request` and finds the client IP. Shared by
 * {@link authHandler}, {@link authRouter}, {@link mountAuth} and {@link authMiddleware}.
 */
export interface ExpressAuthOptions {
  /**
   * Whether to honour the Express app's `trust proxy` setting. `true`: when the app has
   * `trust proxy` configured (`app.set('trust proxy', ['10.0.0.0/8'])` and so on), the client
   * IP is `req.ip`, which Express derives from `X-Forwarded-For` through the proxies it trusts;
   * when it has not (Express's default), the socket peer. `false`: always the socket peer,
   * whatever the app says.
   * @default true
   */
  trustProxy?: boolean | undefined
  /**
   * Scheme and host of the URL the `Request` gets (`https://app.example.com`). Only its shape
   * matters: core takes the path and query from it and never trusts it for origins (those
   * come from `createAuth({ origins })`). Unset: the request's `Host` header when it is a
   * plain `host[:port]`, else `localhost`.
   * @default undefined
   */
  origin?: string | undefined
}
