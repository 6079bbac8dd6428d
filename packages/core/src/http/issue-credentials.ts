import type { Deps } from '../config/resolve-config.js'
import { startRefreshFamily } from '../refresh-tokens/refresh-token.js'
import { createSession } from '../sessions/create-session.js'
import type { UserRecord } from '../storage/types.js'
import { serializeCookie } from './cookies.js'
import type { RouteContext } from './route.js'
import { sessionCookie } from './session-cookie.js'

/** Scopes of a login: everything the user may do. */
const LOGIN_SCOPES: readonly string[] = ['*']

/** The credentials of a login: cookies to set and fields for the JSON body. */
export interface Credentials {
  cookies: string[]
  body: { accessToken?: string; tokenType?: 'Bearer'; expiresIn?: number; refreshToken?: string }
}

/** `Set-Cookie` carrying a refresh token: HttpOnly, scoped to the refresh path. */
export function refreshCookie(deps: Deps, token: string, maxAgeSeconds: number): string {
  const { cookieName, cookiePath } = deps.config.refreshTokens
  return serializeCookie(cookieName, token, {
    secure: deps.config.secureCookies,
    httpOnly: true,
    sameSite: 'Strict',
    path: cookiePath,
    maxAge: maxAgeSeconds,
  })
}

/** `Set-Cookie` clearing the refresh cookie. */
export function clearRefreshCookie(deps: Deps): string {
  return refreshCookie(deps, '', 0)
}

/** The token-response fields for an access token and a refresh token. */
export async function tokenBody(
  deps: Deps,
  input: { user: UserRecord; sessionId: string | null; scopes: readonly string[]; refreshToken: string },
): Promise<Required<Credentials['body']>> {
  const service = deps.accessTokens!
  const accessToken = await service.issue({
    user: input.user,
    sessionId: input.sessionId,
    scopes: [...input.scopes],
  })
  return { accessToken, tokenType: 'Bearer', expiresIn: service.ttlSeconds, refreshToken: input.refreshToken }
}

/**
 * Starts what a login grants: always a database session (its cookie), and, when access tokens
 * are configured, an access token and the first refresh token of a new family tied to that
 * session (also as an HttpOnly cookie on the refresh path, unless disabled).
 */
export async function issueCredentials(context: RouteContext, user: UserRecord): Promise<Credentials> {
  const { deps } = context
  const { token, session } = await createSession(deps, user.id, {
    ip: context.clientIp ?? null,
    userAgent: context.request.headers.get('user-agent'),
  })
  const cookies = [sessionCookie(deps.config, token)]
  if (!deps.accessTokens) return { cookies, body: {} }
  const refresh = await startRefreshFamily(deps, {
    userId: user.id,
    sessionId: session.id,
    scopes: [...LOGIN_SCOPES],
  })
  const body = await tokenBody(deps, {
    user,
    sessionId: session.id,
    scopes: LOGIN_SCOPES,
    refreshToken: refresh.token,
  })
  if (deps.config.refreshTokens.cookie)
    cookies.push(refreshCookie(deps, refresh.token, deps.config.refreshTokens.ttlSeconds))
  return { cookies, body }
}
