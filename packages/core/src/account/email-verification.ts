import type { Deps } from '../config/resolve-config.js'
import { hashToken } from '../crypto/hash.js'
import { InvalidTokenError } from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import { hitRateLimit } from '../rate-limit/rate-limit.js'
import type { UserRecord } from '../storage/types.js'
import { sendOneTimeLink } from './one-time-link.js'

/** Longest token looked at: ours are 43 characters. */
const MAX_TOKEN_LENGTH = 256

/**
 * Counts a verification request against the address (`rateLimit.mailPerAddress`) and returns
 * the mail work to run (null when there is nothing to send: the address is verified already or
 * the account is disabled). The caller runs it after answering, or awaits it.
 * @throws {TooManyAttemptsError} over the limit.
 */
export async function requestEmailVerification(
  deps: Deps,
  user: UserRecord,
): Promise<(() => Promise<void>) | null> {
  await hitRateLimit(deps, 'mail:address', user.emailKey, deps.config.rateLimit.mailPerAddress)
  if (user.emailVerified || !user.isActive) return null
  return () => sendOneTimeLink(deps, user, 'email_verification')
}

/**
 * Confirms an address with a verification token: single use (consumed atomically), expiring,
 * and bound to the address it was sent to — a token for an address the user has since changed
 * verifies nothing.
 * @throws {InvalidTokenError} unknown, used, expired, or for another address.
 */
export async function confirmEmailVerification(deps: Deps, token: string): Promise<UserRecord> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('invalid token')
  const now = deps.clock.now()
  const record = await deps.storage.consumeToken('email_verification', hashToken(token), now)
  if (!record?.userId) throw new InvalidTokenError('invalid token')
  const user = await deps.storage.getUserById(record.userId)
  if (!user || user.emailKey !== record.data.email) throw new InvalidTokenError('invalid token')
  const updated = await deps.storage.updateUser(user.id, { emailVerified: true, updatedAt: now })
  if (!updated) throw new InvalidTokenError('invalid token')
  await emitEvent(deps, 'email_verified', { userId: updated.id })
  return updated
}
