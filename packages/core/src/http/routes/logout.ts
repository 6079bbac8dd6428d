import * as z from 'zod/mini'
import { hashToken } from '../../crypto/hash.js'
import { clearRefreshCookie } from '../issue-credentials.js'
import { isJsonContentType } from '../read-json.js'
import { emptyResponse } from '../responses.js'
import { type Route, readBody } from '../route.js'
import { clearSessionCookie } from '../session-cookie.js'

const logoutBody = z.object({ refreshToken: z.optional(z.string().check(z.maxLength(1024))) })

/**
 * POST /logout: ends the session (if any) server-side, which also ends its refresh-token family,
 * and, given `refreshToken` in the body, that token's family; clears the cookies. Always 204.
 */
export const logoutRoute: Route = {
  method: 'POST',
  path: '/logout',
  async run(context) {
    const { deps, request } = context
    const body = isJsonContentType(request.headers.get('content-type'))
      ? await readBody(context, logoutBody)
      : {}
    const principal = await context.authenticate()
    if (principal?.sessionId) await deps.storage.deleteSession(principal.sessionId)
    if (body.refreshToken) {
      const token = await deps.storage.getRefreshToken(hashToken(body.refreshToken), deps.clock.now())
      if (token) await deps.storage.deleteRefreshTokenFamily(token.familyId)
    }
    const cookies = [clearSessionCookie(deps.config)]
    if (deps.accessTokens && deps.config.refreshTokens.cookie) cookies.push(clearRefreshCookie(deps))
    return emptyResponse(204, cookies, { 'clear-site-data': '"cookies"' })
  },
}
