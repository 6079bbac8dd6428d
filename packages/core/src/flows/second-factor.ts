import type { Deps } from '../config/resolve-config.js'
import { IncorrectPasswordError, InvalidCodeError, InvalidRequestError } from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import { hitAccountLimit } from '../rate-limit/account-lockout.js'
import { hitRateLimit, resetRateLimit } from '../rate-limit/rate-limit.js'
import type { TotpFactorRecord, UserRecord } from '../storage/types.js'
import { hashBackupCode } from '../two-factor/backup-codes.js'
import { verifyTotpCode } from '../two-factor/totp.js'
import { verifyUserPassword } from './passwords.js'

/** Which second factor a code turned out to be. */
export type SecondFactorMethod = 'totp' | 'backup_code'

/**
 * Accepts a TOTP code for `factor`: the code of the current step or one step either side, above
 * the last accepted step, and recorded atomically so it is never accepted twice (OTP-3, OTP-4).
 * With `enabledAt`, the factor may be pending: this is the code that confirms it (OTP-6).
 *
 * @returns whether the code was accepted (and its step recorded)
 */
export async function acceptTotpCode(
  deps: Deps,
  factor: TotpFactorRecord,
  code: string,
  enabledAt?: Date,
): Promise<boolean> {
  const secret = await deps.totpSecretBox.open(factor.sealedSecret, factor.userId)
  if (!secret) {
    deps.logger.error('a TOTP secret could not be opened (was the auth secret changed?)', undefined)
    return false
  }
  const { digits, periodSeconds } = deps.config.twoFactor
  const step = verifyTotpCode(secret, code, deps.clock.now(), {
    digits,
    periodSeconds,
    window: 1,
    ...(factor.lastUsedStep === null ? {} : { afterStep: factor.lastUsedStep }),
  })
  if (step === null) return false
  return deps.storage.acceptTotpStep(factor.userId, factor.sealedSecret, step, enabledAt)
}

/**
 * Checks a second-factor code of an account: a TOTP code (when TOTP is enabled) or one of its
 * backup codes (spent on success). Every attempt counts against `twoFactorPerAccount` before
 * anything is checked, whatever the challenge or IP (OTP-5); a success resets the counter; a
 * failure emits `two_factor_failed` so the user can be told.
 *
 * @param status - 400 where a signed-in user proves a factor, 401 at the login's second step
 * @returns the method that matched
 * @throws {TooManyAttemptsError} | {InvalidCodeError}
 */
export async function verifySecondFactorCode(
  deps: Deps,
  user: UserRecord,
  code: string,
  context: { clientIp?: string | undefined; status: 400 | 401 },
): Promise<SecondFactorMethod> {
  const subject = `user:${user.id}`
  await hitRateLimit(deps, 'two_factor:account', subject, deps.config.rateLimit.twoFactorPerAccount)
  const method = await matchCode(deps, user, code.trim())
  if (!method) {
    await emitEvent(deps, 'two_factor_failed', { userId: user.id, ip: context.clientIp ?? null })
    throw new InvalidCodeError('invalid code', context.status)
  }
  await resetRateLimit(deps, 'two_factor:account', subject)
  return method
}

async function matchCode(deps: Deps, user: UserRecord, code: string): Promise<SecondFactorMethod | null> {
  if (/^[0-9]+$/.test(code)) {
    const factor = await deps.storage.getTotpFactor(user.id)
    if (factor?.enabled && (await acceptTotpCode(deps, factor, code))) return 'totp'
    return null
  }
  const hash = hashBackupCode(code)
  if (hash && (await deps.storage.consumeBackupCode(user.id, hash))) return 'backup_code'
  return null
}

/**
 * Re-authentication before changing second factors (OTP-6): a current second-factor code, or the
 * password (counted against the account's login limit, as a password change is).
 *
 * @throws {InvalidRequestError} neither given | {InvalidCodeError} | {IncorrectPasswordError} | {TooManyAttemptsError}
 */
export async function proveAccountOwner(
  deps: Deps,
  user: UserRecord,
  proof: { code?: string | undefined; password?: string | undefined },
  clientIp: string | undefined,
): Promise<void> {
  if (proof.code !== undefined) {
    await verifySecondFactorCode(deps, user, proof.code, { clientIp, status: 400 })
    return
  }
  if (proof.password === undefined)
    throw new InvalidRequestError('give a current code or the password', { fields: { code: 'required' } })
  const subject = `user:${user.id}`
  await hitAccountLimit(deps, subject)
  if (!(await verifyUserPassword(deps, user, proof.password)))
    throw new IncorrectPasswordError('password is incorrect')
  await resetRateLimit(deps, 'login:account', subject)
}
