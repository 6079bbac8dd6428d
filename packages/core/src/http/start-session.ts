import { createSession } from '../sessions/create-session.js'
import type { RouteContext } from './route.js'
import { sessionCookie } from './session-cookie.js'

/** Creates a session for `userId` from a request (its IP and user agent) and returns its `Set-Cookie`. */
export async function startSession(context: RouteContext, userId: string): Promise<string> {
  const { token } = await createSession(context.deps, userId, {
    ip: context.clientIp ?? null,
    userAgent: context.request.headers.get('user-agent'),
  })
  return sessionCookie(context.deps.config, token)
}
