import { type Auth, extractBearerToken } from '@portcullis/core'
import { NextResponse } from 'next/server'
import { createClientIpResolver } from './client-ip.js'
import { createPathMatcher, normalizePath } from './path-matcher.js'
import { authResolver } from './resolve-auth.js'
import type { AuthSource, ClientIpOptions } from './types.js'

/** A check of access tokens that needs no storage: signature and claims only. */
export interface AccessTokenCheck {
  /**
   * The token's payload when it is valid, else null: `auth.api.jwt.verify`, or your own
   * verifier against the issuer's JWKS (e.g. jose's `jwtVerify` with `createRemoteJWKSet`,
   * pinning `algorithms`, `issuer`, `audience` and `typ: 'at+jwt'`).
   */
  verify(token: string): Promise<unknown>
  /** Reads the token from the request. @default core's extractBearerToken (Authorization: Bearer) */
  extract?: ((request: Request) => string | null) | undefined
}

/** Options of {@link createAuthProxy}. */
export interface AuthProxyOptions<F extends object = Record<string, unknown>> extends ClientIpOptions {
  /**
   * The auth instance (or a function returning it). Needed for `session: 'authenticate'` and for
   * the default access-token check; requests under its `basePath` always pass (core guards its
   * own routes). Omit it only with your own `accessToken` check and/or `session: { meUrl }`.
   * @default undefined
   */
  auth?: AuthSource<F> | undefined
  /**
   * Paths to guard, matched against the normalised path: an exact path, a prefix ending in
   * `/*` (`'/dashboard/*'` covers `/dashboard` too), or a RegExp (tested on the lower-case,
   * decoded path). Omit to guard every path the proxy runs on (narrow it with `config.matcher`).
   * @default every path
   */
  paths?: readonly (string | RegExp)[] | undefined
  /**
   * A local path (`'/login'`) that unauthenticated GET and HEAD requests without bearer
   * credentials are sent to (307), with the original path and query in `?next=`, on the first
   * of `auth.origins` (without `auth`: the request's origin). Everything else gets
   * `401 unauthenticated`. Omit for 401 everywhere.
   * @default undefined
   */
  redirectTo?: string | undefined
  /**
   * The check without a storage round trip. Default: `auth.api.jwt` when access tokens are on.
   * `false`: none.
   * @default auth.api.jwt
   */
  accessToken?: AccessTokenCheck | false | undefined
  /**
   * The one round trip when no valid access token came: `'authenticate'` runs
   * `auth.authenticate` (session cookie, then the rest of the chain); `{ meUrl }` asks the app's
   * own `GET /auth/me` at a URL you configure (an internal address; never one built from the
   * request's Host); `false`: access tokens only.
   * @default 'authenticate' when `auth` is given, else false
   */
  session?: 'authenticate' | { meUrl: string | URL } | false | undefined
}

/** The proxy function Next calls: `export const proxy = createAuthProxy(...)`. */
export type AuthProxy = (request: Request) => Promise<Response>

const NO_STORE = { 'Cache-Control': 'no-store' }
const CREDENTIAL_HEADERS = ['cookie', 'authorization', 'x-api-key'] as const

function isLocalPath(path: unknown): path is string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.includes('\\')
}

function unauthenticated(): Response {
  return Response.json(
    { error: { code: 'unauthenticated', message: 'authentication required' } },
    { status: 401, headers: NO_STORE },
  )
}

/**
 * A Next proxy (`proxy.ts`, the file Next 16 calls middleware) that lets a request to a guarded
 * path through only with credentials: first an access token checked without storage (signature
 * and claims, no round trip), else one check of the session (`auth.authenticate`, or the app's
 * own `/auth/me`). Unauthenticated page loads are redirected to `redirectTo`, other requests get
 * `401 unauthenticated`.
 *
 * It is a gate, not the authorization: pages and route handlers must still read the principal
 * with {@link getPrincipal} where they read data (SECURITY.md IN-5). It trusts no header to skip
 * the check: a request carrying `x-middleware-subrequest` (CVE-2025-29927) is checked like any
 * other, and it passes no identity downstream in headers.
 *
 * @typeParam F - The custom user fields.
 * @param options - {@link AuthProxyOptions}.
 * @returns The proxy function.
 * @throws {TypeError} At construction, on a path pattern not starting with `/`, a `redirectTo`
 * that is not a local path, a `meUrl` that is not an absolute http(s) URL, `session:
 * 'authenticate'` without `auth`, or no check at all. Per request, when core throws (fail closed).
 * @example
 * // proxy.ts
 * export const proxy = createAuthProxy({ auth: getAuth, paths: ['/dashboard/*'], redirectTo: '/login' })
 * export const config = { matcher: ['/dashboard/:path*'] }
 */
export function createAuthProxy<F extends object>(options: AuthProxyOptions<F>): AuthProxy {
  const getAuth = options.auth === undefined ? null : authResolver(options.auth, 'createAuthProxy')
  const isGuarded =
    options.paths === undefined ? () => true : createPathMatcher(options.paths, 'createAuthProxy')
  const { redirectTo } = options
  if (redirectTo !== undefined && !isLocalPath(redirectTo)) {
    throw new TypeError('createAuthProxy: "redirectTo" must be a local path such as "/login"')
  }
  const clientIp = createClientIpResolver(options)
  const accessToken = options.accessToken
  if (accessToken && typeof accessToken.verify !== 'function') {
    throw new TypeError('createAuthProxy: "accessToken.verify" must be a function')
  }
  const session = options.session ?? (getAuth ? 'authenticate' : false)
  let meUrl: URL | null = null
  if (typeof session === 'object' && session !== null) {
    meUrl = new URL(session.meUrl)
    if (meUrl.protocol !== 'http:' && meUrl.protocol !== 'https:') {
      throw new TypeError('createAuthProxy: "session.meUrl" must be an http(s) URL')
    }
  } else if (session === 'authenticate' && !getAuth) {
    throw new TypeError('createAuthProxy: session "authenticate" needs "auth"')
  } else if (session !== 'authenticate' && session !== false) {
    throw new TypeError('createAuthProxy: "session" must be "authenticate", { meUrl } or false')
  }
  if (!getAuth && !accessToken && session === false) {
    throw new TypeError('createAuthProxy: nothing to check with: give "auth", "accessToken" or "session"')
  }

  const tokenCheck = (auth: Auth<F> | null): AccessTokenCheck | null => {
    if (accessToken === false) return null
    if (accessToken) return accessToken
    const jwt = auth?.api.jwt
    return jwt
      ? { verify: (token) => jwt.verify(token), extract: (request) => jwt.extractToken(request) }
      : null
  }

  const sessionValid = async (request: Request, auth: Auth<F> | null): Promise<boolean> => {
    if (session === false) return false
    if (session === 'authenticate') {
      return (await auth!.authenticate(request, { clientIp: clientIp(request) })) !== null
    }
    const headers = new Headers()
    for (const name of CREDENTIAL_HEADERS) {
      const value = request.headers.get(name)
      if (value !== null) headers.set(name, value)
    }
    if ([...headers.keys()].length === 0) return false
    const response = await fetch(meUrl!, { headers, redirect: 'manual', cache: 'no-store' })
    await response.body?.cancel()
    if (response.status === 200) return true
    if (response.status === 401 || response.status === 403) return false
    throw new Error(`createAuthProxy: ${meUrl!.origin}${meUrl!.pathname} answered ${response.status}`)
  }

  return async function authProxy(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const path = normalizePath(url.pathname)
    const auth = getAuth ? await getAuth() : null
    if (path !== null && auth) {
      const base = normalizePath(auth.basePath) ?? '/'
      if (path === base || path.startsWith(`${base}/`)) return NextResponse.next()
    }
    // A path that does not decode is guarded: it can only be a worse spelling of a guarded one.
    if (path !== null && !isGuarded(path)) return NextResponse.next()

    const check = tokenCheck(auth)
    if (check) {
      const token = check.extract ? check.extract(request) : extractBearerToken(request)
      if (token !== null && (await check.verify(token))) return NextResponse.next()
    }
    if (await sessionValid(request, auth)) return NextResponse.next()

    const bearer = request.headers.has('authorization') || request.headers.has('x-api-key')
    if (redirectTo !== undefined && (request.method === 'GET' || request.method === 'HEAD') && !bearer) {
      const target = `${redirectTo}${redirectTo.includes('?') ? '&' : '?'}next=${encodeURIComponent(url.pathname + url.search)}`
      // Next wants an absolute Location. Built on the configured origin (IN-4), not on the Host header.
      const response = NextResponse.redirect(new URL(target, auth?.origins[0] ?? url.origin), 307)
      response.headers.set('Cache-Control', 'no-store')
      return response
    }
    return unauthenticated()
  }
}
