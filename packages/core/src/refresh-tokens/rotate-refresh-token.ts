import type { Deps } from '../config/resolve-config.js'
import { hashToken } from '../crypto/hash.js'
import { InvalidRefreshTokenError, TokenReusedError } from '../errors/errors.js'
import type { UserRecord } from '../storage/types.js'
import { type IssuedRefreshToken, newRefreshToken } from './refresh-token.js'

/** Longest refresh token looked at: ours are 43 characters. */
const MAX_REFRESH_TOKEN_LENGTH = 256

/** A successful rotation: the new token, and who it is for. */
export interface RotatedRefreshToken {
  issued: IssuedRefreshToken
  user: UserRecord
  sessionId: string | null
  scopes: string[]
}

/**
 * Uses a refresh token (RFC 9700 §4.14.2): the presented token is spent and a new one of the
 * same family issued, atomically in storage, so that under concurrency exactly one request
 * wins. A token presented again after it was spent means it leaked: the whole family is deleted
 * and its session ended. The family also ends with its session and its user.
 * @throws {InvalidRefreshTokenError} unknown, expired, or its session or user is gone.
 * @throws {TokenReusedError} a spent token: the family and its session are revoked.
 */
export async function rotateRefreshToken(deps: Deps, token: string): Promise<RotatedRefreshToken> {
  if (token.length === 0 || token.length > MAX_REFRESH_TOKEN_LENGTH)
    throw new InvalidRefreshTokenError('invalid refresh token')
  const { storage, clock } = deps
  const now = clock.now()
  const tokenHash = hashToken(token)
  const current = await storage.getRefreshToken(tokenHash, now)
  // With no live token there is nothing to inherit; the store still tells spent from unknown.
  const issued = newRefreshToken(
    deps,
    current ?? { familyId: '', userId: '', sessionId: null, scopes: [], familyExpiresAt: now },
  )
  const result = await storage.rotateRefreshToken(tokenHash, issued.record, now)
  if (result.status === 'invalid') throw new InvalidRefreshTokenError('invalid refresh token')
  const previous = result.previous
  if (result.status === 'reused') {
    if (previous.sessionId) await storage.deleteSession(previous.sessionId)
    throw new TokenReusedError('refresh token reused: this login is revoked')
  }
  if (!current) {
    // Not live when read, yet rotated: a token never becomes live again, so a store broke its
    // contract. Fail closed, and take the family down with the placeholder just stored.
    await storage.deleteRefreshTokenFamily(previous.familyId)
    throw new InvalidRefreshTokenError('invalid refresh token')
  }
  const owner = previous.sessionId
    ? await storage.getSessionAndUser(previous.sessionId, now)
    : await storage.getUserById(previous.userId).then((user) => (user ? { user } : null))
  if (!owner?.user.isActive) {
    await storage.deleteRefreshTokenFamily(previous.familyId)
    throw new InvalidRefreshTokenError('invalid refresh token')
  }
  return { issued, user: owner.user, sessionId: previous.sessionId, scopes: previous.scopes }
}
