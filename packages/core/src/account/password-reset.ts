import type { Deps } from '../config/resolve-config.js'
import { hashToken } from '../crypto/hash.js'
import { InvalidTokenError } from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import { hashNewPassword } from '../flows/passwords.js'
import { checkPasswordPolicy } from '../password/index.js'
import { hitRateLimit, resetRateLimit } from '../rate-limit/rate-limit.js'
import { normalizeEmail } from '../users/normalize.js'
import { sendOneTimeLink } from './one-time-link.js'

/** Longest token looked at: ours are 43 characters. */
const MAX_TOKEN_LENGTH = 256

/**
 * Starts a password reset for `email`. The limit per address counts every address, known or
 * not, so its 429 tells nothing about accounts. Returns the mail work to run after answering
 * (null when there is nothing to send): the caller answers the same 202 either way, before the
 * mail goes out, so timing does not tell whether the account exists.
 * @throws {TooManyAttemptsError} over the limit for this address.
 */
export async function requestPasswordReset(deps: Deps, email: string): Promise<(() => Promise<void>) | null> {
  const normalized = normalizeEmail(email)
  if (!normalized) return null
  await hitRateLimit(deps, 'mail:address', normalized.key, deps.config.rateLimit.mailPerAddress)
  const user = await deps.storage.getUserByEmail(normalized.key)
  if (!user?.isActive) return null
  return () => sendOneTimeLink(deps, user, 'password_reset')
}

/**
 * Sets a new password with a reset token: the policy is checked first (a weak password does not
 * spend the token), then the token is consumed atomically (single use, expiring, bound to the
 * address it was sent to), the password replaced, and every session and refresh-token family
 * revoked. It does not log the user in; the account's failed-login counter is cleared.
 * @throws {WeakPasswordError} | {InvalidTokenError}
 */
export async function confirmPasswordReset(deps: Deps, token: string, newPassword: string): Promise<void> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('invalid token')
  // The local rules before the token is spent; the breach lookup (often a network call) runs
  // once, with the full check that hashing does below.
  const { isBreached: _breachLookupLater, ...localRules } = deps.config.passwordPolicy
  await checkPasswordPolicy(newPassword, localRules)
  const now = deps.clock.now()
  const record = await deps.storage.consumeToken('password_reset', hashToken(token), now)
  if (!record?.userId) throw new InvalidTokenError('invalid token')
  const user = await deps.storage.getUserById(record.userId)
  if (!user || user.emailKey !== record.data.email) throw new InvalidTokenError('invalid token')
  const passwordHash = await hashNewPassword(deps, newPassword, {
    email: user.email,
    username: user.username,
  })
  await deps.storage.updateUser(user.id, { passwordHash, updatedAt: now })
  await deps.storage.deleteUserSessions(user.id)
  await deps.storage.deleteUserRefreshTokens(user.id)
  await resetRateLimit(deps, 'login:account', `user:${user.id}`)
  await emitEvent(deps, 'password_reset', { userId: user.id })
}
