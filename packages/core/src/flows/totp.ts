import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import type { Deps } from '../config/resolve-config.js'
import { InvalidCodeError, NotFoundError, TwoFactorEnabledError } from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import { hitRateLimit, resetRateLimit } from '../rate-limit/rate-limit.js'
import type { UserRecord } from '../storage/types.js'
import { generateBackupCodes, hashBackupCode } from '../two-factor/backup-codes.js'
import { generateTotpSecret, totpKeyUri } from '../two-factor/totp.js'
import { acceptTotpCode, proveAccountOwner } from './second-factor.js'

/** What a TOTP setup shows the user, once: the secret three ways. */
export interface TotpSetup {
  /** The secret in base32, for typing into an app by hand. */
  secret: string
  /** `otpauth://totp/…` with issuer and account. */
  otpauthUri: string
  /** The URI as an SVG QR code, when a renderer is configured (`twoFactor.qrCode`). */
  qrCodeSvg?: string
}

/** A user's second factors at a glance. */
export interface TwoFactorStatus {
  /** Whether TOTP is enabled (a pending setup is not). */
  totp: boolean
  /** How many passkeys the user has. */
  passkeys: number
  backupCodesRemaining: number
}

/**
 * Starts a TOTP setup: a new 160-bit secret, sealed at rest, pending until a code confirms it
 * ({@link enableTotp}). A pending setup is replaced by a new one; an enabled factor is not
 * (disable it first, which needs a code or the password).
 *
 * @throws {TwoFactorEnabledError} when TOTP is already enabled
 */
export async function setupTotp(deps: Deps, user: UserRecord): Promise<TotpSetup> {
  const existing = await deps.storage.getTotpFactor(user.id)
  if (existing?.enabled) throw new TwoFactorEnabledError('TOTP is already enabled')
  const secret = generateTotpSecret()
  await deps.storage.putTotpFactor({
    userId: user.id,
    sealedSecret: await deps.totpSecretBox.seal(secret, user.id),
    enabled: false,
    lastUsedStep: null,
    createdAt: deps.clock.now(),
    enabledAt: null,
  })
  const { issuer, digits, periodSeconds, qrCode } = deps.config.twoFactor
  const otpauthUri = totpKeyUri({
    issuer,
    accountName: user.username ?? user.email,
    secret,
    digits,
    periodSeconds,
  })
  return {
    secret: encodeBase32UpperCaseNoPadding(secret),
    otpauthUri,
    ...(qrCode ? { qrCodeSvg: qrCode(otpauthUri) } : {}),
  }
}

/**
 * Confirms a pending setup with a code of its secret (OTP-6), enables it and hands out fresh
 * backup codes (shown once, stored as SHA-256). Attempts count against `twoFactorPerAccount`.
 *
 * @throws {NotFoundError} no setup | {TwoFactorEnabledError} | {InvalidCodeError} (400) | {TooManyAttemptsError}
 */
export async function enableTotp(
  deps: Deps,
  user: UserRecord,
  code: string,
  clientIp?: string,
): Promise<{ backupCodes: string[] }> {
  const subject = `user:${user.id}`
  await hitRateLimit(deps, 'two_factor:account', subject, deps.config.rateLimit.twoFactorPerAccount)
  const factor = await deps.storage.getTotpFactor(user.id)
  if (!factor) throw new NotFoundError('no TOTP setup to confirm: call setup first')
  if (factor.enabled) throw new TwoFactorEnabledError('TOTP is already enabled')
  if (!(await acceptTotpCode(deps, factor, code.trim(), deps.clock.now()))) {
    await emitEvent(deps, 'two_factor_failed', { userId: user.id, ip: clientIp ?? null })
    throw new InvalidCodeError('invalid code', 400)
  }
  await resetRateLimit(deps, 'two_factor:account', subject)
  const backupCodes = await replaceBackupCodes(deps, user.id)
  await emitEvent(deps, 'two_factor_enabled', { userId: user.id, ip: clientIp ?? null })
  return { backupCodes }
}

/**
 * Turns TOTP off (and its backup codes) after re-authentication: a current code (TOTP or
 * backup) or the password (OTP-6). Passkeys stay.
 *
 * @throws {NotFoundError} TOTP not enabled | {InvalidCodeError} | {IncorrectPasswordError} | {TooManyAttemptsError}
 */
export async function disableTotp(
  deps: Deps,
  user: UserRecord,
  proof: { code?: string | undefined; password?: string | undefined },
  clientIp?: string,
): Promise<void> {
  const factor = await deps.storage.getTotpFactor(user.id)
  if (!factor?.enabled) {
    // A pending setup needs no proof to be dropped: it never protected anything.
    if (factor) await deps.storage.deleteTotpFactor(user.id)
    throw new NotFoundError('TOTP is not enabled')
  }
  await proveAccountOwner(deps, user, proof, clientIp)
  await deps.storage.deleteTotpFactor(user.id)
  await deps.storage.replaceBackupCodes(user.id, [])
  await emitEvent(deps, 'two_factor_disabled', { userId: user.id, ip: clientIp ?? null })
}

/**
 * New backup codes after re-authentication; every old code stops working (REC-1).
 *
 * @throws {NotFoundError} no second factor | {InvalidCodeError} | {IncorrectPasswordError} | {TooManyAttemptsError}
 */
export async function regenerateBackupCodes(
  deps: Deps,
  user: UserRecord,
  proof: { code?: string | undefined; password?: string | undefined },
  clientIp?: string,
): Promise<{ backupCodes: string[] }> {
  const status = await twoFactorStatus(deps, user.id)
  if (!status.totp && status.passkeys === 0) throw new NotFoundError('no second factor is enabled')
  await proveAccountOwner(deps, user, proof, clientIp)
  const backupCodes = await replaceBackupCodes(deps, user.id)
  await emitEvent(deps, 'backup_codes_regenerated', { userId: user.id, ip: clientIp ?? null })
  return { backupCodes }
}

/** Whether TOTP is on, how many passkeys and unused backup codes the user has. */
export async function twoFactorStatus(deps: Deps, userId: string): Promise<TwoFactorStatus> {
  const { totp, passkeyCount, backupCodeCount } = await deps.storage.getSecondFactors(userId)
  return { totp: totp?.enabled === true, passkeys: passkeyCount, backupCodesRemaining: backupCodeCount }
}

/**
 * Removes every second factor of a user and ends their sessions and refresh tokens (an MFA reset
 * by support, after verifying the person another way). Emits `two_factor_disabled`.
 */
export async function resetSecondFactors(deps: Deps, userId: string): Promise<void> {
  await deps.storage.deleteTotpFactor(userId)
  await deps.storage.replaceBackupCodes(userId, [])
  for (const passkey of await deps.storage.listUserPasskeys(userId))
    await deps.storage.deleteUserPasskey(userId, passkey.id)
  await deps.storage.deleteUserSessions(userId)
  await deps.storage.deleteUserRefreshTokens(userId)
  await emitEvent(deps, 'two_factor_disabled', { userId })
}

async function replaceBackupCodes(deps: Deps, userId: string): Promise<string[]> {
  const codes = generateBackupCodes(deps.config.twoFactor.backupCodeCount)
  await deps.storage.replaceBackupCodes(
    userId,
    codes.map((code) => hashBackupCode(code)!),
  )
  return codes
}
