import { addSeconds } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { hashToken } from '../crypto/hash.js'
import { randomToken } from '../crypto/random.js'
import { earliest } from '../sessions/create-session.js'
import type { RefreshTokenRecord } from '../storage/types.js'

/** A refresh token just made: the plaintext goes to the client once; storage keeps its hash. */
export interface IssuedRefreshToken {
  token: string
  record: RefreshTokenRecord
}

/** What a new token inherits: its family's owner, session, scopes and end. */
interface FamilyContext {
  familyId: string
  userId: string
  sessionId: string | null
  scopes: string[]
  familyExpiresAt: Date
}

/**
 * A new refresh token of a family: 256 random bits (so a plain SHA-256 at rest is enough),
 * expiring after `refreshTokens.ttlSeconds` but never after the family's absolute end.
 */
export function newRefreshToken(deps: Deps, family: FamilyContext): IssuedRefreshToken {
  const now = deps.clock.now()
  const token = randomToken()
  return {
    token,
    record: {
      tokenHash: hashToken(token),
      familyId: family.familyId,
      userId: family.userId,
      sessionId: family.sessionId,
      scopes: [...family.scopes],
      createdAt: now,
      expiresAt: earliest(addSeconds(now, deps.config.refreshTokens.ttlSeconds), family.familyExpiresAt),
      familyExpiresAt: family.familyExpiresAt,
      spentAt: null,
    },
  }
}

/** Starts a family for a login and stores its first token. */
export async function startRefreshFamily(
  deps: Deps,
  owner: { userId: string; sessionId: string | null; scopes: string[] },
): Promise<IssuedRefreshToken> {
  const now = deps.clock.now()
  const issued = newRefreshToken(deps, {
    ...owner,
    familyId: randomToken(16),
    familyExpiresAt: addSeconds(now, deps.config.refreshTokens.familyTtlSeconds),
  })
  await deps.storage.createRefreshToken(issued.record)
  return issued
}
