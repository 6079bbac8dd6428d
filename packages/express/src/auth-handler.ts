import type { Auth } from '@portcullis/core'
import { type Application, type NextFunction, type Request, type Response, Router } from 'express'
import { createClientIpResolver } from './client-ip.js'
import { sendResponse } from './send-response.js'
import { checkOrigin, releaseBody, toRequest } from './to-request.js'
import type { ExpressAuthOptions } from './types.js'

/** An Express request handler, as `app.use` takes it. */
export type ExpressHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>

/**
 * An Express handler that bridges the request to `auth.handler` (the HTTP contract) with the
 * resolved client IP, and writes core's response back (status, headers, every `Set-Cookie`,
 * streamed body). Core routes by the full path (`req.originalUrl`), so mount it where the
 * paths are `${auth.basePath}/…`, or use {@link mountAuth} / {@link authRouter}.
 *
 * The body reaches core as a stream; when `express.json()` (or another body parser) already
 * read it, `req.body` is serialised again. A method the Fetch API cannot carry (CONNECT,
 * TRACE) goes to `next()`.
 *
 * @param auth - What `createAuth` returned.
 * @param options - `trustProxy` and `origin` ({@link ExpressAuthOptions}).
 * @returns A named Express handler; errors (never core's, which answers them) go to `next`.
 * @throws {TypeError} At construction, when `auth` is not a Portcullis instance or an option is invalid.
 * @example
 * app.use('/auth', authHandler(auth))
 */
export function authHandler(auth: Auth<object>, options: ExpressAuthOptions = {}): ExpressHandler {
  if (!auth || typeof auth.handler !== 'function') {
    throw new TypeError('authHandler: "auth" must be the object createAuth() returned')
  }
  const clientIp = createClientIpResolver(options)
  const origin = checkOrigin(options.origin)

  return async function authHandler(req, res, next) {
    try {
      const request = toRequest(req, { origin })
      if (!request) return next()
      await sendResponse(res, await auth.handler(request, { clientIp: clientIp(req) }))
    } catch (error) {
      next(error)
    } finally {
      await releaseBody(req)
    }
  }
}

/**
 * A router that serves the HTTP contract under `auth.basePath` (the base path itself and
 * everything below it), for `app.use(authRouter(auth))` on the root app.
 *
 * @param auth - What `createAuth` returned.
 * @param options - `trustProxy` and `origin` ({@link ExpressAuthOptions}).
 * @returns An Express router.
 * @throws {TypeError} As {@link authHandler} does.
 * @example
 * app.use(authRouter(auth))
 * app.use(express.json()) // after or before: both work
 */
export function authRouter(auth: Auth<object>, options: ExpressAuthOptions = {}): Router {
  const handler = authHandler(auth, options)
  const router = Router()
  router.use(auth.basePath.replace(/\/+$/, '') || '/', handler)
  return router
}

/**
 * Mounts {@link authRouter} on `app`: every method of `${auth.basePath}` and below. Call it on
 * the root app; core matches its `basePath` against the full path, so on a sub-app mounted at
 * `/v1`, set `createAuth({ basePath: '/v1/auth' })`.
 *
 * @param app - The Express app (or a router mounted at `/`).
 * @param auth - What `createAuth` returned.
 * @param options - `trustProxy` and `origin` ({@link ExpressAuthOptions}).
 * @throws {TypeError} As {@link authHandler} does.
 * @example
 * const app = express()
 * mountAuth(app, auth)
 * app.listen(8787)
 */
export function mountAuth(
  app: Application | Router,
  auth: Auth<object>,
  options: ExpressAuthOptions = {},
): void {
  app.use(authRouter(auth, options))
}
