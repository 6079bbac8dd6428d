import { toSession } from '../../auth/types.js'
import { NotFoundError } from '../../errors/errors.js'
import { emptyResponse, jsonResponse } from '../responses.js'
import { type Route, requirePrincipal } from '../route.js'
import { clearSessionCookie } from '../session-cookie.js'

/** GET /sessions: the caller's live sessions, newest first, the current one marked. */
export const listSessionsRoute: Route = {
  method: 'GET',
  path: '/sessions',
  async run(context) {
    const principal = await requirePrincipal(context)
    const { deps } = context
    const records = await deps.storage.listUserSessions(principal.user.id, deps.clock.now())
    const sessions = records.map((record) => ({
      ...toSession(record),
      current: record.id === principal.sessionId,
    }))
    return jsonResponse(200, { sessions })
  },
}

/** DELETE /sessions/:id: revokes one of the caller's sessions; 404 for anyone else's. */
export const revokeSessionRoute: Route = {
  method: 'DELETE',
  path: '/sessions/:id',
  async run(context) {
    const principal = await requirePrincipal(context)
    const sessionId = context.params.id ?? ''
    const deleted = await context.deps.storage.deleteUserSession(principal.user.id, sessionId)
    if (!deleted) throw new NotFoundError('session not found')
    const isCurrent = sessionId === principal.sessionId
    return emptyResponse(204, isCurrent ? [clearSessionCookie(context.deps.config)] : [])
  },
}

/**
 * DELETE /sessions: revokes the caller's other sessions ("sign out other devices").
 * With `?all=true` the current one goes too and its cookie is cleared.
 */
export const revokeSessionsRoute: Route = {
  method: 'DELETE',
  path: '/sessions',
  async run(context) {
    const principal = await requirePrincipal(context)
    const all = new URL(context.request.url).searchParams.get('all') === 'true'
    const keep = all ? undefined : (principal.sessionId ?? undefined)
    await context.deps.storage.deleteUserSessions(principal.user.id, keep)
    return emptyResponse(204, all ? [clearSessionCookie(context.deps.config)] : [])
  },
}
