import type { Deps } from '../config/resolve-config.js'
import { IncorrectPasswordError, NotFoundError } from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import { clearAccountLimit, hitAccountLimit } from '../rate-limit/account-lockout.js'
import { hashNewPassword, verifyUserPassword } from './passwords.js'

/**
 * Changes a password after checking the current one (PW-8). Wrong current passwords count
 * against the account's login limit and its lockouts (a locked account cannot change it either).
 * On success every other session and every refresh token is revoked; the session named by
 * `keepSessionId` (the caller's) stays.
 * @throws {NotFoundError} | {TooManyAttemptsError} | {IncorrectPasswordError} | {WeakPasswordError}
 */
export async function changePassword(
  deps: Deps,
  userId: string,
  input: { currentPassword: string; newPassword: string; keepSessionId?: string },
): Promise<void> {
  const user = await deps.storage.getUserById(userId)
  if (!user) throw new NotFoundError('user not found')
  const subject = `user:${user.id}`
  const attempt = await hitAccountLimit(deps, subject)
  if (!(await verifyUserPassword(deps, user, input.currentPassword)))
    throw new IncorrectPasswordError('current password is incorrect')
  await clearAccountLimit(deps, attempt)

  const newHash = await hashNewPassword(deps, input.newPassword, {
    email: user.email,
    username: user.username,
  })
  const written = await deps.storage.replacePasswordHash(
    user.id,
    user.passwordHash ?? '',
    newHash,
    deps.clock.now(),
  )
  // Another change won the race: ours was checked against a password that is no longer current.
  if (!written) throw new IncorrectPasswordError('current password is incorrect')
  await deps.storage.deleteUserSessions(user.id, input.keepSessionId)
  await deps.storage.deleteUserRefreshTokens(user.id)
  await emitEvent(deps, 'password_changed', { userId: user.id })
}

/**
 * Sets a password without the current one (trusted: admin or recovery). Revokes every session
 * and refresh token.
 * @throws {NotFoundError} | {WeakPasswordError}
 */
export async function setPassword(deps: Deps, userId: string, newPassword: string): Promise<void> {
  const user = await deps.storage.getUserById(userId)
  if (!user) throw new NotFoundError('user not found')
  const passwordHash = await hashNewPassword(deps, newPassword, {
    email: user.email,
    username: user.username,
  })
  const now = deps.clock.now()
  await deps.storage.updateUser(user.id, { passwordHash, updatedAt: now })
  await deps.storage.deleteUserSessions(user.id)
  await deps.storage.deleteUserRefreshTokens(user.id)
  await emitEvent(deps, 'password_reset', { userId: user.id })
}
