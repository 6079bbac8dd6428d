import { addSeconds } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { hashToken } from '../crypto/hash.js'
import { randomToken } from '../crypto/random.js'
import { InvalidChallengeError, InvalidCodeError } from '../errors/errors.js'
import type { OneTimeTokenRecord, UserRecord } from '../storage/types.js'
import { recordLogin } from './login.js'
import { verifySecondFactorCode } from './second-factor.js'

/** Purpose of the login's second-step challenge in the token store. */
export const TWO_FACTOR_CHALLENGE_PURPOSE = 'two_factor_login'

/** Wrong codes one challenge takes before it dies (the account limit counts them too). */
const MAX_ATTEMPTS_PER_CHALLENGE = 5
/** Longest challenge looked at: a token is 43 characters. */
const MAX_CHALLENGE_LENGTH = 128

/** A second factor the login's second step accepts. */
export type TwoFactorMethod = 'totp' | 'backup_code' | 'webauthn'

/** What a password login on a 2FA account answers instead of credentials. */
export interface TwoFactorChallenge {
  /** Single-use, short-lived; good only at `POST /login/two-factor` and the passkey login. */
  challenge: string
  methods: TwoFactorMethod[]
  /** Seconds until the challenge expires. */
  expiresIn: number
}

/**
 * The second factors the user has, in the order a client should offer them. Empty: the account
 * needs no second factor. TOTP counts once confirmed; any passkey counts; backup codes are offered
 * only next to another factor.
 */
export async function twoFactorMethods(deps: Deps, userId: string): Promise<TwoFactorMethod[]> {
  // One round trip: every password login asks this.
  const { totp, passkeyCount, backupCodeCount } = await deps.storage.getSecondFactors(userId)
  const methods: TwoFactorMethod[] = []
  if (totp?.enabled) methods.push('totp')
  if (passkeyCount > 0) methods.push('webauthn')
  if (methods.length > 0 && backupCodeCount > 0) methods.push('backup_code')
  return methods
}

/**
 * Issues the challenge a password login gets on a 2FA account (OTP-7): a random token, stored
 * as SHA-256, bound to the user, single use, expiring after `twoFactor.challengeTtlSeconds`. It is
 * no credential: nothing but the second step accepts it.
 */
export async function startTwoFactorLogin(
  deps: Deps,
  user: UserRecord,
  methods: TwoFactorMethod[],
): Promise<TwoFactorChallenge> {
  const challenge = randomToken()
  const ttl = deps.config.twoFactor.challengeTtlSeconds
  const now = deps.clock.now()
  await deps.storage.createToken({
    tokenHash: hashToken(challenge),
    purpose: TWO_FACTOR_CHALLENGE_PURPOSE,
    userId: user.id,
    data: { attempts: 0 },
    createdAt: now,
    expiresAt: addSeconds(now, ttl),
  })
  return { challenge, methods, expiresIn: ttl }
}

/**
 * Takes a challenge out of the store (atomically: one caller gets it), with its user, or throws.
 * A caller that does not finish the login puts it back with {@link restoreChallenge}.
 *
 * @throws {InvalidChallengeError} unknown, used, expired, or its user is gone or disabled
 */
export async function takeChallenge(
  deps: Deps,
  challenge: string,
): Promise<{ record: OneTimeTokenRecord; user: UserRecord }> {
  if (challenge.length === 0 || challenge.length > MAX_CHALLENGE_LENGTH)
    throw new InvalidChallengeError('invalid challenge')
  const record = await deps.storage.consumeToken(
    TWO_FACTOR_CHALLENGE_PURPOSE,
    hashToken(challenge),
    deps.clock.now(),
  )
  const user = record?.userId ? await deps.storage.getUserById(record.userId) : null
  if (!record || !user?.isActive) throw new InvalidChallengeError('invalid challenge')
  return { record, user }
}

/** Puts a taken challenge back unchanged but for `attempts`, keeping its expiry. */
export async function restoreChallenge(
  deps: Deps,
  record: OneTimeTokenRecord,
  attempts: number,
): Promise<void> {
  await deps.storage.createToken({ ...record, data: { ...record.data, attempts } })
}

/**
 * The login's second step with a code: a TOTP code or a backup code for the challenge's user.
 * On success the challenge is spent and the login recorded; the caller issues credentials (a new
 * session). A wrong code puts the challenge back for another try, up to five per challenge, and
 * counts against the account's second-factor limit, which restarting the login does not reset.
 *
 * @throws {InvalidChallengeError} | {InvalidCodeError} (401) | {TooManyAttemptsError}
 */
export async function completeTwoFactorLogin(
  deps: Deps,
  input: { challenge: string; code: string },
  context: { clientIp?: string | undefined } = {},
): Promise<UserRecord> {
  const { record, user } = await takeChallenge(deps, input.challenge)
  try {
    await verifySecondFactorCode(deps, user, input.code, { clientIp: context.clientIp, status: 401 })
  } catch (error) {
    const attempts = Number(record.data.attempts ?? 0) + 1
    if (error instanceof InvalidCodeError && attempts < MAX_ATTEMPTS_PER_CHALLENGE)
      await restoreChallenge(deps, record, attempts)
    throw error
  }
  return recordLogin(deps, user, context.clientIp)
}
