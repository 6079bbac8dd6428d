import { sha256 } from '@noble/hashes/sha2.js'
import { decodeBase64urlIgnorePadding } from '@oslojs/encoding'
import { addSeconds } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import type { ResolvedPasskeyConfig } from '../config/second-factor-config.js'
import { hashToken } from '../crypto/hash.js'
import { uuidv7 } from '../crypto/random.js'
import {
  AccountDisabledError,
  EmailNotVerifiedError,
  InvalidChallengeError,
  InvalidCredentialError,
  NotFoundError,
} from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import {
  authenticationOptions,
  createPasskeyChallenge,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  parseAuthenticationCredentialId,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
} from '../passkeys/index.js'
import { hitRateLimit, resetRateLimit } from '../rate-limit/rate-limit.js'
import { type PasskeyRecord, UniqueConstraintError, type UserRecord } from '../storage/types.js'
import { recordLogin } from './login.js'
import { restoreChallenge, takeChallenge } from './two-factor-login.js'

/** Token-store purposes of the two ceremonies' challenges. */
const REGISTRATION_PURPOSE = 'passkey_registration'
const LOGIN_PURPOSE = 'passkey_login'
/** Longest passkey name kept. */
const MAX_NAME_LENGTH = 64

/** A passkey as its owner sees it: no key material. */
export interface PasskeyView {
  id: string
  name: string
  createdAt: Date
  lastUsedAt: Date | null
  backedUp: boolean
  transports: string[]
}

/**
 * The passkey settings; the routes calling these flows exist only with `passkeys()`, so a miss is
 * a 404 like the missing endpoint, never a crash.
 */
function passkeyConfig(deps: Deps): ResolvedPasskeyConfig {
  if (!deps.config.passkeys) throw new NotFoundError('passkeys are not enabled')
  return deps.config.passkeys
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The WebAuthn user handle of a user: the 16 bytes of its UUID (ids made by core), else the id's
 * UTF-8 bytes when they fit the 64 allowed, else their SHA-256 (ids an app brought along). Opaque,
 * no personal data, the same for every credential of the user, so a usernameless login can check
 * it (W-5).
 */
export function userHandleOf(userId: string): Uint8Array {
  if (UUID.test(userId)) {
    const hex = userId.replaceAll('-', '')
    return Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16))
  }
  const bytes = new TextEncoder().encode(userId)
  return bytes.byteLength <= 64 ? bytes : sha256(bytes)
}

/** The base64url challenge inside a response's `clientDataJSON`, or null when there is none. */
function ceremonyChallenge(response: unknown): string | null {
  try {
    const encoded = (response as { response?: { clientDataJSON?: unknown } })?.response?.clientDataJSON
    if (typeof encoded !== 'string' || encoded.length > 4096) return null
    const clientData: unknown = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(encoded)))
    const challenge = (clientData as { challenge?: unknown })?.challenge
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 256 ? challenge : null
  } catch {
    return null
  }
}

/** Stores a ceremony's challenge (hashed, single use, expiring with the ceremony's timeout). */
async function storeCeremony(
  deps: Deps,
  purpose: string,
  challenge: string,
  userId: string | null,
  data: Record<string, unknown>,
): Promise<void> {
  const now = deps.clock.now()
  await deps.storage.createToken({
    tokenHash: hashToken(challenge),
    purpose,
    userId,
    data,
    createdAt: now,
    expiresAt: addSeconds(now, passkeyConfig(deps).timeoutSeconds),
  })
}

/** Takes the ceremony a response answers out of the store (WA-1: single use, whatever the outcome). */
async function takeCeremony(deps: Deps, purpose: string, response: unknown) {
  const challenge = ceremonyChallenge(response)
  if (!challenge) throw new InvalidCredentialError('malformed')
  const record = await deps.storage.consumeToken(purpose, hashToken(challenge), deps.clock.now())
  if (!record) throw new InvalidCredentialError('challenge_mismatch')
  return { record, challenge: decodeBase64urlIgnorePadding(challenge) }
}

/** Registration options for a signed-in user; the user's credentials are excluded. */
export async function startPasskeyRegistration(
  deps: Deps,
  user: UserRecord,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpId, rpName, userVerification, timeoutSeconds } = passkeyConfig(deps)
  const existing = await deps.storage.listUserPasskeys(user.id)
  const label = user.username ?? user.email
  const options = registrationOptions({
    rp: { id: rpId, name: rpName },
    user: { id: userHandleOf(user.id), name: label, displayName: label },
    challenge: createPasskeyChallenge(),
    excludeCredentialIds: existing.map((p) => p.credentialId),
    userVerification,
    timeoutMs: timeoutSeconds * 1000,
  })
  await storeCeremony(deps, REGISTRATION_PURPOSE, options.challenge, user.id, {})
  return options
}

/**
 * Verifies a registration for the user the ceremony was started for (WA-2) and stores the
 * passkey. A credential id registered to anyone already is refused.
 *
 * @throws {InvalidCredentialError} with the failed check as `fields.credential`
 */
export async function finishPasskeyRegistration(
  deps: Deps,
  user: UserRecord,
  response: unknown,
  name?: string,
): Promise<PasskeyView> {
  const { record, challenge } = await takeCeremony(deps, REGISTRATION_PURPOSE, response)
  if (record.userId !== user.id) throw new InvalidCredentialError('challenge_mismatch')
  const { rpId, userVerification } = passkeyConfig(deps)
  const result = await verifyRegistration(response, {
    challenge,
    origins: deps.config.origins,
    rpId,
    requireUserVerification: userVerification === 'required',
  })
  if (!result.ok) throw new InvalidCredentialError(result.reason)
  const now = deps.clock.now()
  const passkey: PasskeyRecord = {
    id: uuidv7(now),
    userId: user.id,
    credentialId: result.credential.credentialId,
    publicKey: result.credential.publicKey,
    algorithm: result.credential.algorithm,
    signCount: result.credential.signCount,
    transports: [...result.credential.transports],
    name: name?.trim().slice(0, MAX_NAME_LENGTH) || 'Passkey',
    backedUp: result.credential.backedUp,
    createdAt: now,
    lastUsedAt: null,
  }
  try {
    await deps.storage.createPasskey(passkey)
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw new InvalidCredentialError('credential_exists')
    throw error
  }
  await emitEvent(deps, 'passkey_added', { userId: user.id })
  return toPasskeyView(passkey)
}

/**
 * Authentication options. Without a challenge: a passwordless login, any discoverable credential
 * may answer. With the `challenge` of a password login on a 2FA account: a second factor, only
 * that user's passkeys may answer (the challenge stays good until the login finishes).
 *
 * @throws {InvalidChallengeError} when `twoFactorChallenge` is unknown, used or expired
 */
export async function startPasskeyLogin(
  deps: Deps,
  input: { twoFactorChallenge?: string | undefined } = {},
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpId, userVerification, timeoutSeconds } = passkeyConfig(deps)
  let user: UserRecord | null = null
  if (input.twoFactorChallenge !== undefined) {
    const taken = await takeChallenge(deps, input.twoFactorChallenge)
    await restoreChallenge(deps, taken.record, Number(taken.record.data.attempts ?? 0))
    user = taken.user
  }
  const allowed = user ? await deps.storage.listUserPasskeys(user.id) : []
  const options = authenticationOptions({
    rpId,
    challenge: createPasskeyChallenge(),
    allowCredentialIds: allowed.map((p) => p.credentialId),
    // A passwordless login is the whole authentication: it verifies the user unless told not to.
    userVerification: user || userVerification === 'discouraged' ? userVerification : 'required',
    timeoutMs: timeoutSeconds * 1000,
  })
  await storeCeremony(deps, LOGIN_PURPOSE, options.challenge, user?.id ?? null, {
    ...(input.twoFactorChallenge ? { twoFactorChallenge: hashToken(input.twoFactorChallenge) } : {}),
  })
  return options
}

/**
 * Verifies an assertion (WA-3) and returns the user it signs in. As a second factor, the
 * password login's `challenge` must come with it and is spent on success. The signature counter
 * is compare-and-set; a counter that did not move forward is let through with a
 * `passkey_counter_warning` event (most synced passkeys keep no counter).
 *
 * @throws {InvalidCredentialError} | {InvalidChallengeError} | {AccountDisabledError} | {EmailNotVerifiedError} | {TooManyAttemptsError}
 */
export async function finishPasskeyLogin(
  deps: Deps,
  response: unknown,
  input: { twoFactorChallenge?: string | undefined } = {},
  context: { clientIp?: string | undefined } = {},
): Promise<UserRecord> {
  if (context.clientIp)
    await hitRateLimit(deps, 'login:ip', context.clientIp, deps.config.rateLimit.loginPerIp)
  const { record, challenge } = await takeCeremony(deps, LOGIN_PURPOSE, response)
  const secondFactorFor =
    typeof record.data.twoFactorChallenge === 'string' ? record.data.twoFactorChallenge : null
  if (
    secondFactorFor !== null &&
    (!input.twoFactorChallenge || hashToken(input.twoFactorChallenge) !== secondFactorFor)
  )
    throw new InvalidChallengeError('invalid challenge')

  const credentialId = parseAuthenticationCredentialId(response)
  const found = credentialId ? await deps.storage.getPasskeyAndUser(credentialId) : null
  if (!found) throw new InvalidCredentialError('unknown_credential')
  if (record.userId !== null && found.user.id !== record.userId)
    throw new InvalidCredentialError('id_mismatch')
  const { passkey, user } = found
  const subject = `user:${user.id}`
  if (secondFactorFor !== null)
    await hitRateLimit(deps, 'two_factor:account', subject, deps.config.rateLimit.twoFactorPerAccount)

  const { rpId, userVerification } = passkeyConfig(deps)
  const result = await verifyAuthentication(response, {
    challenge,
    origins: deps.config.origins,
    rpId,
    requireUserVerification:
      userVerification === 'required' || (secondFactorFor === null && userVerification !== 'discouraged'),
    credential: passkey,
    userHandle: userHandleOf(user.id),
    requireUserHandle: record.userId === null,
  })
  if (!result.ok) {
    if (secondFactorFor !== null)
      await emitEvent(deps, 'two_factor_failed', { userId: user.id, ip: context.clientIp })
    throw new InvalidCredentialError(result.reason)
  }
  if (result.cloneWarning)
    await emitEvent(deps, 'passkey_counter_warning', { userId: user.id, ip: context.clientIp })
  const now = deps.clock.now()
  if (!(await deps.storage.recordPasskeyUse(passkey.id, passkey.signCount, result.newSignCount, now)))
    throw new InvalidCredentialError('counter_race')

  if (secondFactorFor !== null) {
    // The password step's challenge is spent only now: a failed assertion left it usable.
    await takeChallenge(deps, input.twoFactorChallenge!)
    await resetRateLimit(deps, 'two_factor:account', subject)
  }
  if (!user.isActive) throw new AccountDisabledError('account is disabled')
  if (deps.config.user.requireEmailVerification && !user.emailVerified)
    throw new EmailNotVerifiedError('email is not verified')
  return recordLogin(deps, user, context.clientIp)
}

/** The user's passkeys, newest first, without key material. */
export async function listPasskeys(deps: Deps, userId: string): Promise<PasskeyView[]> {
  return (await deps.storage.listUserPasskeys(userId)).map(toPasskeyView)
}

/**
 * Deletes one of the user's passkeys.
 * @throws {NotFoundError} when it is not the user's
 */
export async function deletePasskey(deps: Deps, userId: string, id: string): Promise<void> {
  if (id.length > 64 || !(await deps.storage.deleteUserPasskey(userId, id)))
    throw new NotFoundError('passkey not found')
  await emitEvent(deps, 'passkey_removed', { userId })
}

function toPasskeyView(passkey: PasskeyRecord): PasskeyView {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt,
    lastUsedAt: passkey.lastUsedAt,
    backedUp: passkey.backedUp,
    transports: [...passkey.transports],
  }
}
