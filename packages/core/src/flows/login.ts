import type { RequestContext } from '../auth/types.js'
import type { Deps } from '../config/resolve-config.js'
import { AccountDisabledError, EmailNotVerifiedError, InvalidCredentialsError } from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import { type AccountAttempt, clearAccountLimit, hitAccountLimit } from '../rate-limit/account-lockout.js'
import { hitRateLimit } from '../rate-limit/rate-limit.js'
import type { UserRecord } from '../storage/types.js'
import { normalizeIdentifier } from '../users/normalize.js'
import { rehashIfNeeded, verifyUserPassword } from './passwords.js'

/** Longest identifier looked at; longer ones name no account. */
const MAX_IDENTIFIER_LENGTH = 320

/**
 * Checks an identifier (email or username) and password. In order: per-IP limit, per-account
 * limit with exponential back-off (a locked account is refused even with the right password),
 * one password verify (against a dummy hash when the account does not exist), then
 * the account's state. Unknown account and wrong password give the same error after the
 * same work; disabled and unverified are only told to someone who knows the password.
 * On success: the account's throttle (attempts, lock, lockout history) is reset and an outdated
 * hash is upgraded. The login is not recorded yet: a 2FA account still has its second step
 * (see {@link verifyCredentials} for both at once).
 * @throws {TooManyAttemptsError} | {InvalidCredentialsError} | {AccountDisabledError} | {EmailNotVerifiedError}
 */
export async function checkPassword(
  deps: Deps,
  input: { identifier: string; password: string },
  context: RequestContext = {},
): Promise<UserRecord> {
  const { rateLimit } = deps.config
  if (context.clientIp) await hitRateLimit(deps, 'login:ip', context.clientIp, rateLimit.loginPerIp)

  const identifier =
    input.identifier.length <= MAX_IDENTIFIER_LENGTH ? normalizeIdentifier(input.identifier) : null
  const user = identifier
    ? identifier.kind === 'email'
      ? await deps.storage.getUserByEmail(identifier.key)
      : await deps.storage.getUserByUsername(identifier.key)
    : null
  // Counted on the account, whichever identifier named it; on the identifier when none did.
  const accountSubject = user
    ? `user:${user.id}`
    : `identifier:${identifier?.key ?? input.identifier.slice(0, 64)}`
  const ip = context.clientIp ?? null
  let attempt: AccountAttempt
  try {
    attempt = await hitAccountLimit(deps, accountSubject)
  } catch (error) {
    await emitEvent(deps, 'locked_out', { userId: user?.id ?? null, ip })
    throw error
  }

  const ok = await verifyUserPassword(deps, user, input.password)
  if (!ok || !user) {
    await emitEvent(deps, 'login_failed', { userId: user?.id ?? null, ip })
    throw new InvalidCredentialsError('invalid credentials')
  }

  await clearAccountLimit(deps, attempt)
  if (!user.isActive) throw new AccountDisabledError('account is disabled')
  if (deps.config.user.requireEmailVerification && !user.emailVerified)
    throw new EmailNotVerifiedError('email is not verified')

  await rehashIfNeeded(deps, user, input.password)
  return user
}

/** Records a finished login: sets `lastLoginAt` and emits `login_succeeded`. */
export async function recordLogin(
  deps: Deps,
  user: UserRecord,
  clientIp?: string | null,
): Promise<UserRecord> {
  const now = deps.clock.now()
  const updated = await deps.storage.updateUser(user.id, { lastLoginAt: now, updatedAt: now })
  await emitEvent(deps, 'login_succeeded', { userId: user.id, ip: clientIp ?? null })
  return updated ?? user
}

/**
 * {@link checkPassword}, then {@link recordLogin}: a password check for the trusted server API.
 * It does not ask for a second factor: an app calling it directly decides about 2FA itself.
 * @throws {TooManyAttemptsError} | {InvalidCredentialsError} | {AccountDisabledError} | {EmailNotVerifiedError}
 */
export async function verifyCredentials(
  deps: Deps,
  input: { identifier: string; password: string },
  context: RequestContext = {},
): Promise<UserRecord> {
  const user = await checkPassword(deps, input, context)
  return recordLogin(deps, user, context.clientIp)
}
