import type { RequestContext } from '@portcullis/core'
import { after } from 'next/server'
import { createClientIpResolver } from './client-ip.js'
import { authResolver } from './resolve-auth.js'
import type { AuthSource, ClientIpOptions } from './types.js'

/** A route handler as Next calls it: the request (a `NextRequest` is a `Request`) in, a `Response` out. */
export type NextRouteHandler = (request: Request) => Promise<Response>

/** The exports of `app/auth/[...path]/route.ts`: every method goes to core, which answers 405 itself. */
export interface NextAuthHandlers {
  GET: NextRouteHandler
  HEAD: NextRouteHandler
  POST: NextRouteHandler
  PUT: NextRouteHandler
  PATCH: NextRouteHandler
  DELETE: NextRouteHandler
  OPTIONS: NextRouteHandler
}

/** Options of {@link toNextHandlers}: the client IP ({@link ClientIpOptions}) and `waitUntil`. */
export interface NextHandlerOptions extends ClientIpOptions {
  /**
   * Keeps work going after the response (mail answered with 202). Default: Next's `after()`,
   * which on serverless hosts keeps the function alive until the promise settles; outside a
   * Next request scope (a unit test) the promise simply runs on.
   * @default next/server after
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
}

function nextWaitUntil(promise: Promise<unknown>): void {
  try {
    after(promise)
  } catch {
    // Outside a Next request scope `after` throws; the promise runs on by itself.
  }
}

/**
 * Route handlers for `app/auth/[...path]/route.ts` (the folder must match `auth.basePath`):
 * each hands the request untouched to `auth.handler` with the resolved client IP and returns
 * core's response untouched. All seven methods are exported so that core, not Next, answers
 * `405`, `OPTIONS` and `HEAD` with the contract's envelope.
 *
 * @typeParam F - The custom user fields.
 * @param auth - What `createAuth` returned, or a function returning it ({@link AuthSource}).
 * @param options - Client IP ({@link ClientIpOptions}) and `waitUntil`.
 * @returns `{ GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS }`.
 * @throws {TypeError} At construction, on an `auth` that is not a Portcullis instance (or
 * function) or invalid client-IP options.
 * @example
 * // app/auth/[...path]/route.ts
 * import { toNextHandlers } from '@portcullis/next'
 * import { getAuth } from '@/lib/auth'
 * export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandlers(getAuth)
 */
export function toNextHandlers<F extends object>(
  auth: AuthSource<F>,
  options: NextHandlerOptions = {},
): NextAuthHandlers {
  const getAuth = authResolver(auth, 'toNextHandlers')
  const clientIp = createClientIpResolver(options)
  const waitUntil = options.waitUntil ?? nextWaitUntil
  if (typeof waitUntil !== 'function') throw new TypeError('toNextHandlers: "waitUntil" must be a function')

  const handle: NextRouteHandler = async function portcullisRouteHandler(request) {
    const instance = await getAuth()
    const context: RequestContext = { clientIp: clientIp(request), waitUntil }
    return instance.handler(request, context)
  }
  return {
    GET: handle,
    HEAD: handle,
    POST: handle,
    PUT: handle,
    PATCH: handle,
    DELETE: handle,
    OPTIONS: handle,
  }
}
