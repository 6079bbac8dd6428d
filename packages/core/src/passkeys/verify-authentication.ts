import { encodeBase64urlNoPadding } from '@oslojs/encoding'
import { createAssertionSignatureMessage } from '@oslojs/webauthn'
import { constantTimeEqual, sha256Text } from '../crypto/index.js'
import { isPasskeyAlgorithm } from './algorithms.js'
import { MAX_CREDENTIAL_ID_BYTES, parseAuthenticatorDataStrict } from './authenticator-data.js'
import { decodeBase64urlStrict } from './base64url.js'
import { checkClientData } from './client-data.js'
import { checkExpectation } from './expectation.js'
import { fail } from './failure.js'
import { importCoseKey, verifyPasskeySignature } from './public-key.js'
import { authenticationResponseSchema } from './response-schema.js'
import type { AuthenticationResult, StoredPasskey } from './types.js'

/** What an assertion must match. */
export interface AuthenticationExpectation {
  /** The challenge issued with the options (and still unconsumed: the caller consumes it). */
  challenge: Uint8Array
  /** Origins the ceremony may run on, exactly as browsers serialise them (`https://example.com`). */
  origins: readonly string[]
  /** The relying party id the options named. */
  rpId: string
  /** Refuse an assertion without user verification (UV flag clear). */
  requireUserVerification: boolean
  /** The stored credential the response's id was looked up by (see {@link parseAuthenticationCredentialId}). */
  credential: StoredPasskey
  /**
   * The user handle of the credential's owner. When given and the response carries a user handle,
   * they must be equal; the caller must still check that the credential belongs to the user the
   * ceremony is for, when it was started for a known user (W-5).
   */
  userHandle?: Uint8Array
  /**
   * Require the response to carry a user handle (a usernameless sign-in, where the user is only
   * known from the credential; WebAuthn requires the handle then). Default false.
   */
  requireUserHandle?: boolean
}

/**
 * Verifies a passkey assertion (`navigator.credentials.get()` → `toJSON()`), following WebAuthn
 * "Verifying an Authentication Assertion" (WA-3): the JSON shape (zod), `type`,
 * `id === rawId === credential.credentialId`, `clientDataJSON.type === 'webauthn.get'`, the
 * challenge (constant time), the origin, no cross-origin iframe, `rpIdHash === SHA-256(rpId)`,
 * UP, UV when required, BS only with BE (and BE unchanged when the stored value is given), the
 * user handle, and the signature over `authenticatorData || SHA-256(clientDataJSON)` with the
 * stored key and algorithm. Any failed step fails the ceremony; there is no "success with warnings"
 * except the counter: when either counter is non-zero and the received one is not greater than
 * the stored one, the result is still ok with `cloneWarning: true` and the caller applies its
 * policy (W-7).
 *
 * The caller must consume the challenge whatever the outcome (WA-1), store `newSignCount` and
 * `backedUp`, and compare-and-set the counter if assertions may race. Never throws on a hostile
 * response; throws a TypeError only when `expected` itself is wrong.
 *
 * @example
 * ```ts
 * const id = parseAuthenticationCredentialId(body)
 * const stored = id && (await store.findCredential(id))
 * if (!stored) return badRequest()
 * const result = await verifyAuthentication(body, {
 *   challenge, origins: ['https://example.com'], rpId: 'example.com',
 *   requireUserVerification: true, credential: stored, userHandle: owner.webauthnHandle,
 * })
 * if (!result.ok) return badRequest()
 * if (result.cloneWarning) emit('passkey_clone_suspected', { credentialId: id })
 * ```
 */
export async function verifyAuthentication(
  response: unknown,
  expected: AuthenticationExpectation,
): Promise<AuthenticationResult> {
  const where = 'verifyAuthentication'
  const origins = checkExpectation(expected, where)
  const stored = expected.credential
  if (typeof stored?.credentialId !== 'string' || typeof stored.publicKey !== 'string')
    throw new TypeError(`${where}: credential must carry credentialId and publicKey (base64url)`)
  if (!Number.isSafeInteger(stored.signCount) || stored.signCount < 0)
    throw new TypeError(`${where}: credential.signCount must be a non-negative integer`)
  if (expected.userHandle !== undefined && !(expected.userHandle instanceof Uint8Array))
    throw new TypeError(`${where}: userHandle must be a Uint8Array`)

  const parsed = authenticationResponseSchema.safeParse(response)
  if (!parsed.success) return fail('malformed')
  const body = parsed.data
  if (body.type !== 'public-key') return fail('bad_type')
  if (body.id !== body.rawId || body.rawId !== stored.credentialId) return fail('id_mismatch')
  const clientDataJSON = decodeBase64urlStrict(body.response.clientDataJSON)
  const authenticatorData = decodeBase64urlStrict(body.response.authenticatorData)
  const signature = decodeBase64urlStrict(body.response.signature)
  const userHandleText = body.response.userHandle || null
  const userHandle = userHandleText === null ? null : decodeBase64urlStrict(userHandleText)
  if (!clientDataJSON || !authenticatorData || !signature || (userHandle === null && userHandleText !== null))
    return fail('malformed')
  if (userHandle && expected.userHandle && !constantTimeEqual(userHandle, expected.userHandle))
    return fail('user_handle_mismatch')
  if (!userHandle && expected.requireUserHandle) return fail('user_handle_missing')

  const clientDataProblem = checkClientData(clientDataJSON, {
    type: 'webauthn.get',
    challenge: expected.challenge,
    origins,
  })
  if (clientDataProblem) return fail(clientDataProblem)

  const authData = parseAuthenticatorDataStrict(authenticatorData)
  // An assertion never carries attested credential data (the AT flag).
  if (!authData || authData.credential) return fail('malformed')
  if (!constantTimeEqual(authData.rpIdHash, sha256Text(expected.rpId))) return fail('rp_id_mismatch')
  if (!authData.userPresent) return fail('user_presence_missing')
  if (expected.requireUserVerification && !authData.userVerified) return fail('user_verification_missing')
  if (authData.backedUp && !authData.backupEligible) return fail('backup_state_invalid')
  if (stored.backupEligible !== undefined && stored.backupEligible !== authData.backupEligible)
    return fail('backup_eligibility_changed')

  if (!isPasskeyAlgorithm(stored.algorithm)) return fail('unsupported_algorithm')
  const publicKey = decodeBase64urlStrict(stored.publicKey)
  if (!publicKey) return fail('invalid_public_key')
  const imported = await importCoseKey(publicKey, new Set([stored.algorithm]))
  if (!imported.ok) return fail(imported.reason)
  const message = createAssertionSignatureMessage(authenticatorData, clientDataJSON)
  if (!(await verifyPasskeySignature(imported.key, signature, message))) return fail('signature_invalid')

  const received = authData.signCount
  const cloneWarning = (received !== 0 || stored.signCount !== 0) && received <= stored.signCount
  return {
    ok: true,
    newSignCount: Math.max(received, stored.signCount),
    cloneWarning,
    userVerified: authData.userVerified,
    backedUp: authData.backedUp,
    userHandle: userHandle ? encodeBase64urlNoPadding(userHandle) : null,
  }
}

/**
 * Reads the credential id from an untrusted assertion response, so the caller can look up the
 * stored credential before {@link verifyAuthentication}. Returns the id only when `id` and `rawId`
 * are equal, canonical base64url and at most 1023 bytes; otherwise null. Nothing is verified
 * yet: the id is only a lookup key. Never throws.
 *
 * @example
 * ```ts
 * parseAuthenticationCredentialId({ id: 'AAEC', rawId: 'AAEC' }) // 'AAEC'
 * parseAuthenticationCredentialId({ id: 'AAEC', rawId: 'AAED' }) // null
 * ```
 */
export function parseAuthenticationCredentialId(response: unknown): string | null {
  if (typeof response !== 'object' || response === null) return null
  const { id, rawId } = response as { id?: unknown; rawId?: unknown }
  if (typeof id !== 'string' || id !== rawId || id.length === 0 || id.length > 4096) return null
  const bytes = decodeBase64urlStrict(id)
  return bytes && bytes.byteLength <= MAX_CREDENTIAL_ID_BYTES ? id : null
}
