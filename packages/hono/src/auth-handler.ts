import type { Auth } from '@portcullis/core'
import type { Context, Env, Hono } from 'hono'
import type { Schema } from 'hono/types'
import { createClientIpResolver } from './client-ip.js'
import type { ClientIpOptions } from './types.js'

/**
 * A Hono handler that hands the raw request to `auth.handler` (the HTTP contract) with the
 * resolved client IP, and returns its response untouched. Route it to `${auth.basePath}/*`
 * on the root app (core routes by the full URL path), or use {@link mountAuth}.
 *
 * Do not read the request body in a middleware before it: the body stream is passed on as is.
 *
 * @param auth - What `createAuth` returned.
 * @param options - How to find the client IP ({@link ClientIpOptions}).
 * @returns A named Hono handler.
 * @throws {TypeError} At construction, when `auth` is not a Portcullis instance or the
 * client-IP options are invalid.
 * @example
 * import { getConnInfo } from '@hono/node-server/conninfo'
 * app.on(['GET', 'POST', 'PATCH', 'DELETE'], '/auth/*', authHandler(auth, { getConnInfo }))
 */
export function authHandler(
  auth: Auth<object>,
  options: ClientIpOptions = {},
): (c: Context) => Promise<Response> {
  if (!auth || typeof auth.handler !== 'function') {
    throw new TypeError('authHandler: "auth" must be the object createAuth() returned')
  }
  const clientIp = createClientIpResolver(options)

  return function authHandler(c: Context): Promise<Response> {
    return auth.handler(c.req.raw, { clientIp: clientIp(c) })
  }
}

/**
 * Routes every method of `${auth.basePath}/*` (which includes `${auth.basePath}`) on `app` to
 * {@link authHandler}. Call it on the root app (not on a sub-app given to `app.route()` or
 * one made with `app.basePath()`), since core matches its `basePath` against the full path.
 *
 * @typeParam E - The app's `Env`.
 * @param app - The Hono app.
 * @param auth - What `createAuth` returned.
 * @param options - How to find the client IP ({@link ClientIpOptions}).
 * @throws {TypeError} As {@link authHandler} does.
 * @example
 * import { serve } from '@hono/node-server'
 * import { getConnInfo } from '@hono/node-server/conninfo'
 * const app = new Hono()
 * mountAuth(app, auth, { getConnInfo })
 * serve({ fetch: app.fetch, port: 8787 })
 */
export function mountAuth<E extends Env>(
  app: Hono<E, Schema, string>,
  auth: Auth<object>,
  options: ClientIpOptions = {},
): void {
  const handler = authHandler(auth, options)
  // Hono's `/auth/*` also matches `/auth` itself.
  app.all(`${auth.basePath.replace(/\/+$/, '')}/*`, handler)
}
