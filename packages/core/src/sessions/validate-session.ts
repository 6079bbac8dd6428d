import { type Session, toSession } from '../auth/types.js'
import { addSeconds, secondsBetween } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { constantTimeEqualString } from '../crypto/constant-time.js'
import type { UserRecord } from '../storage/types.js'
import { earliest } from './create-session.js'
import { parseSessionToken } from './session-token.js'

/** A valid session with its stored user. */
export interface ValidatedSession {
  session: Session
  user: UserRecord
}

/**
 * Validates a session token: one storage round trip for session and user, a constant-time
 * comparison of the secret's hash, the idle and absolute deadlines, and an active user.
 * Slides the idle deadline, writing at most once per `touchIntervalSeconds` and never past
 * the absolute end. A malformed token returns null, never throws.
 */
export async function validateSession(deps: Deps, token: string): Promise<ValidatedSession | null> {
  const parsed = parseSessionToken(token)
  if (!parsed) return null
  const now = deps.clock.now()
  const found = await deps.storage.getSessionAndUser(parsed.id, now)
  if (!found) return null
  const { session, user } = found
  if (!constantTimeEqualString(parsed.secretHash, session.secretHash)) return null
  if (now >= session.expiresAt || now >= session.idleExpiresAt) return null
  if (!user.isActive) {
    await deps.storage.deleteSession(session.id)
    return null
  }
  const { touchIntervalSeconds, idleTimeoutSeconds } = deps.config.session
  if (secondsBetween(session.lastSeenAt, now) >= touchIntervalSeconds) {
    const idleExpiresAt = earliest(addSeconds(now, idleTimeoutSeconds), session.expiresAt)
    await deps.storage.touchSession(session.id, now, idleExpiresAt)
    session.lastSeenAt = now
    session.idleExpiresAt = idleExpiresAt
  }
  return { session: toSession(session), user }
}
