import type { CreateSessionOptions, Session } from '../auth/types.js'
import { toSession } from '../auth/types.js'
import { addSeconds } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { generateSessionToken } from './session-token.js'

/** Longest user agent kept with a session, in characters. */
const MAX_USER_AGENT_LENGTH = 512

/**
 * Creates a session for `userId` with a new token: a fresh token on every login, so a
 * token planted before login is never adopted (session fixation, SES-4).
 * @returns the token (to hand to the client once) and the public session.
 */
export async function createSession(
  deps: Deps,
  userId: string,
  options: CreateSessionOptions = {},
): Promise<{ token: string; session: Session }> {
  const now = deps.clock.now()
  const { idleTimeoutSeconds, absoluteTimeoutSeconds } = deps.config.session
  const { token, id, secretHash } = generateSessionToken()
  const expiresAt = addSeconds(now, absoluteTimeoutSeconds)
  const record = {
    id,
    userId,
    secretHash,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    idleExpiresAt: earliest(addSeconds(now, idleTimeoutSeconds), expiresAt),
    ip: options.ip ?? null,
    userAgent: options.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
  }
  await deps.storage.createSession(record)
  return { token, session: toSession(record) }
}

/** The earlier of two dates. */
export function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b
}
