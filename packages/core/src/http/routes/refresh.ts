import * as z from 'zod/mini'
import { InvalidRefreshTokenError, NotFoundError, PortcullisError } from '../../errors/errors.js'
import { rotateRefreshToken } from '../../refresh-tokens/rotate-refresh-token.js'
import { readCookie } from '../cookies.js'
import { assertTrustedOrigin } from '../csrf.js'
import { clearRefreshCookie, refreshCookie, tokenBody } from '../issue-credentials.js'
import { isJsonContentType } from '../read-json.js'
import { errorResponse, jsonResponse } from '../responses.js'
import { type Route, readBody } from '../route.js'

const refreshBody = z.object({ refreshToken: z.optional(z.string().check(z.maxLength(1024))) })

/**
 * POST /refresh: a refresh token from the JSON body, or from the refresh cookie, for a new
 * access token and a new refresh token (rotation). The cookie is an ambient credential, so a
 * cookie-carried refresh passes the origin check; a body-carried token is not ambient and needs none.
 */
export const refreshRoute: Route = {
  method: 'POST',
  path: '/refresh',
  csrf: 'route',
  async run(context) {
    const { deps, request } = context
    if (!deps.accessTokens) throw new NotFoundError('not found')
    const body = isJsonContentType(request.headers.get('content-type'))
      ? await readBody(context, refreshBody)
      : {}
    let token = body.refreshToken
    if (token === undefined) {
      assertTrustedOrigin(request, deps.config)
      token = readCookie(request.headers.get('cookie'), deps.config.refreshTokens.cookieName) ?? undefined
    }
    if (!token) throw new InvalidRefreshTokenError('refresh token required')
    try {
      const rotated = await rotateRefreshToken(deps, token)
      const credentials = await tokenBody(deps, {
        user: rotated.user,
        sessionId: rotated.sessionId,
        scopes: rotated.scopes,
        refreshToken: rotated.issued.token,
      })
      const cookies = deps.config.refreshTokens.cookie
        ? [refreshCookie(deps, rotated.issued.token, deps.config.refreshTokens.ttlSeconds)]
        : []
      return jsonResponse(200, credentials, cookies)
    } catch (error) {
      if (error instanceof PortcullisError && error.status === 401)
        return errorResponse(error, deps.config.refreshTokens.cookie ? [clearRefreshCookie(deps)] : [])
      throw error
    }
  },
}
