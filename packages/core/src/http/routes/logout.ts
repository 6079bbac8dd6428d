import { emptyResponse } from '../responses.js'
import type { Route } from '../route.js'
import { clearSessionCookie } from '../session-cookie.js'

/** POST /logout: ends the session server-side (if any), clears the cookie; always 204. */
export const logoutRoute: Route = {
  method: 'POST',
  path: '/logout',
  async run(context) {
    const principal = await context.authenticate()
    if (principal?.session) await context.deps.storage.deleteSession(principal.session.id)
    return emptyResponse(204, [clearSessionCookie(context.deps.config)], { 'clear-site-data': '"cookies"' })
  },
}
