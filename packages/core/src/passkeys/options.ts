import { encodeBase64urlNoPadding } from '@oslojs/encoding'
import { randomBytes } from '../crypto/index.js'
import { checkAlgorithmList, PASSKEY_ALGORITHMS } from './algorithms.js'
import { isBase64url } from './base64url.js'
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  UserVerificationRequirement,
} from './types.js'

/** Bytes in a challenge from {@link createPasskeyChallenge}: 256 bits (WA-1 asks for at least 16 bytes). */
export const PASSKEY_CHALLENGE_BYTES = 32
/** The shortest challenge accepted (WebAuthn "Cryptographic Challenges": at least 16 bytes). */
export const MIN_PASSKEY_CHALLENGE_BYTES = 16
/** The longest user handle WebAuthn allows. */
export const MAX_USER_HANDLE_BYTES = 64

/** A fresh random challenge. Store it server-side with the ceremony, single-use, until it times out (WA-1). */
export function createPasskeyChallenge(): Uint8Array {
  return randomBytes(PASSKEY_CHALLENGE_BYTES)
}

/** Input of {@link registrationOptions}. */
export interface RegistrationOptionsInput {
  /** The relying party: `id` is the registrable domain (`example.com`), `name` is shown to the user. */
  rp: { id: string; name: string }
  /**
   * The account. `id` is the WebAuthn user handle: 1 to 64 opaque bytes, never personal data
   * (not an email or a username). Pass a random handle stored with the user, or the 16 bytes of
   * the user's UUID; the same bytes for every credential of that user.
   */
  user: { id: Uint8Array; name: string; displayName: string }
  /** From {@link createPasskeyChallenge}; at least 16 bytes. */
  challenge: Uint8Array
  /** base64url ids of the user's existing credentials, so one authenticator is not registered twice. */
  excludeCredentialIds: readonly string[]
  userVerification: UserVerificationRequirement
  /** How long the browser waits, in milliseconds (also the challenge's lifetime server-side). */
  timeoutMs: number
  /** COSE algorithms offered, most preferred first (default: ES256, EdDSA, RS256). */
  algorithms?: readonly number[]
}

/**
 * Builds `PublicKeyCredentialCreationOptionsJSON` for a passkey registration: a discoverable
 * credential preferred (`residentKey: 'preferred'`), attestation `none` (no attestation is
 * used for trust), and ES256 / EdDSA / RS256 offered. Throws a TypeError on a caller mistake
 * (short challenge, bad user handle, non-base64url credential id); it sees no user input.
 *
 * @example
 * ```ts
 * const challenge = createPasskeyChallenge()
 * const options = registrationOptions({
 *   rp: { id: 'example.com', name: 'Example' },
 *   user: { id: userHandleBytes, name: 'ada@example.com', displayName: 'Ada' },
 *   challenge,
 *   excludeCredentialIds: existing.map((c) => c.credentialId),
 *   userVerification: 'preferred',
 *   timeoutMs: 300_000,
 * })
 * ```
 */
export function registrationOptions(input: RegistrationOptionsInput): PublicKeyCredentialCreationOptionsJSON {
  const where = 'registrationOptions'
  checkRpId(input.rp.id, where)
  checkChallenge(input.challenge, where)
  checkTimeout(input.timeoutMs, where)
  checkUserVerification(input.userVerification, where)
  const handle = input.user.id
  if (!(handle instanceof Uint8Array) || handle.byteLength < 1 || handle.byteLength > MAX_USER_HANDLE_BYTES)
    throw new TypeError(
      `${where}: user.id must be 1 to ${MAX_USER_HANDLE_BYTES} bytes (an opaque user handle)`,
    )
  const algorithms = input.algorithms ?? PASSKEY_ALGORITHMS
  checkAlgorithmList(algorithms, where)
  return {
    rp: { id: input.rp.id, name: input.rp.name },
    user: {
      id: encodeBase64urlNoPadding(handle),
      name: input.user.name,
      displayName: input.user.displayName,
    },
    challenge: encodeBase64urlNoPadding(input.challenge),
    pubKeyCredParams: algorithms.map((alg) => ({ type: 'public-key' as const, alg })),
    timeout: input.timeoutMs,
    excludeCredentials: descriptors(input.excludeCredentialIds, where),
    authenticatorSelection: {
      residentKey: 'preferred',
      requireResidentKey: false,
      userVerification: input.userVerification,
    },
    attestation: 'none',
  }
}

/** Input of {@link authenticationOptions}. */
export interface AuthenticationOptionsInput {
  /** The relying party id, as at registration. */
  rpId: string
  /** From {@link createPasskeyChallenge}; at least 16 bytes. */
  challenge: Uint8Array
  /**
   * base64url ids of the credentials that may answer. Omit (or pass an empty list) for a
   * usernameless passkey sign-in, where the authenticator offers its discoverable credentials.
   */
  allowCredentialIds?: readonly string[]
  userVerification: UserVerificationRequirement
  /** How long the browser waits, in milliseconds. */
  timeoutMs: number
}

/**
 * Builds `PublicKeyCredentialRequestOptionsJSON` for a passkey sign-in. Throws a TypeError on a
 * caller mistake, like {@link registrationOptions}.
 *
 * @example
 * ```ts
 * const options = authenticationOptions({
 *   rpId: 'example.com',
 *   challenge: createPasskeyChallenge(),
 *   userVerification: 'required',
 *   timeoutMs: 300_000,
 * })
 * ```
 */
export function authenticationOptions(
  input: AuthenticationOptionsInput,
): PublicKeyCredentialRequestOptionsJSON {
  const where = 'authenticationOptions'
  checkRpId(input.rpId, where)
  checkChallenge(input.challenge, where)
  checkTimeout(input.timeoutMs, where)
  checkUserVerification(input.userVerification, where)
  return {
    challenge: encodeBase64urlNoPadding(input.challenge),
    timeout: input.timeoutMs,
    rpId: input.rpId,
    allowCredentials: descriptors(input.allowCredentialIds ?? [], where),
    userVerification: input.userVerification,
  }
}

function descriptors(ids: readonly string[], where: string): PublicKeyCredentialDescriptorJSON[] {
  return ids.map((id) => {
    if (typeof id !== 'string' || id.length === 0 || !isBase64url(id))
      throw new TypeError(`${where}: credential ids must be non-empty base64url strings`)
    return { type: 'public-key', id }
  })
}

/** Throws unless `challenge` is a Uint8Array of at least 16 bytes. Shared by the verifiers. */
export function checkChallenge(challenge: Uint8Array, where: string): void {
  if (!(challenge instanceof Uint8Array) || challenge.byteLength < MIN_PASSKEY_CHALLENGE_BYTES)
    throw new TypeError(`${where}: challenge must be at least ${MIN_PASSKEY_CHALLENGE_BYTES} random bytes`)
}

/** Throws unless `rpId` looks like a host name (no scheme, port or path). Shared by the verifiers. */
export function checkRpId(rpId: string, where: string): void {
  if (typeof rpId !== 'string' || !/^[a-z0-9.-]+$/i.test(rpId) || rpId.startsWith('.') || rpId.endsWith('.'))
    throw new TypeError(`${where}: rp id must be a host name such as "example.com"`)
}

function checkTimeout(timeoutMs: number, where: string): void {
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new TypeError(`${where}: timeoutMs must be a positive integer`)
}

function checkUserVerification(value: UserVerificationRequirement, where: string): void {
  if (value !== 'required' && value !== 'preferred' && value !== 'discouraged')
    throw new TypeError(`${where}: userVerification must be 'required', 'preferred' or 'discouraged'`)
}
