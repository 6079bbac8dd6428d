import { decodeCBORToNativeValueNoLeftoverBytes } from '@oslojs/cbor'
import { encodeBase64urlNoPadding } from '@oslojs/encoding'
import { createAssertionSignatureMessage } from '@oslojs/webauthn'
import { constantTimeEqual, sha256Text } from '../crypto/index.js'
import { checkAlgorithmList, PASSKEY_ALGORITHMS } from './algorithms.js'
import { formatAaguid, MAX_CREDENTIAL_ID_BYTES, parseAuthenticatorDataStrict } from './authenticator-data.js'
import { decodeBase64urlStrict } from './base64url.js'
import { checkClientData } from './client-data.js'
import { checkExpectation } from './expectation.js'
import { fail } from './failure.js'
import { importCoseKey, type PasskeyVerificationKey, verifyPasskeySignature } from './public-key.js'
import { registrationResponseSchema } from './response-schema.js'
import type { AuthenticatorTransport, PasskeyFailureReason, RegistrationResult } from './types.js'

/** What a registration must match. */
export interface RegistrationExpectation {
  /** The challenge issued with the options (and still unconsumed: the caller consumes it). */
  challenge: Uint8Array
  /** Origins the ceremony may run on, exactly as browsers serialise them (`https://example.com`). */
  origins: readonly string[]
  /** The relying party id the options named. */
  rpId: string
  /** Refuse a credential created without user verification (UV flag clear). */
  requireUserVerification: boolean
  /** COSE algorithms accepted (default: the three offered, ES256, EdDSA and RS256). */
  allowedAlgorithms?: readonly number[]
}

const TRANSPORTS: ReadonlySet<string> = new Set(['ble', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])
/** Formats accepted without verifying their statement: they are not used for any trust decision. */
const UNVERIFIED_FORMATS: ReadonlySet<string> = new Set([
  'tpm',
  'android-key',
  'android-safetynet',
  'fido-u2f',
  'apple',
])

/**
 * Verifies a passkey registration (`navigator.credentials.create()` → `toJSON()`), following
 * WebAuthn "Registering a New Credential" (WA-2): the JSON shape (zod), `type`, `id === rawId`
 * in canonical base64url, `clientDataJSON.type === 'webauthn.create'`, the challenge (constant
 * time), the origin, no cross-origin iframe, `rpIdHash === SHA-256(rpId)`, UP, UV when required,
 * BS only with BE, attested credential data present, credential id ≤ 1023 bytes and equal to
 * `rawId`, and a public key of an allowed algorithm that imports.
 *
 * Attestation: options ask for `none`, and no statement is used for a trust decision.
 * - `none` is accepted (its statement must be empty);
 * - `packed` self-attestation (no `x5c`) is accepted after checking its signature with the
 *   credential's own key and algorithm;
 * - `packed` with a certificate chain, `tpm`, `android-key`, `android-safetynet`, `fido-u2f` and
 *   `apple` are accepted as if they were `none`: the statement is not verified and the chain is not
 *   trusted (`attestationFormat` reports what was sent, for a caller who wants to refuse them);
 * - any other format is refused as `malformed`.
 *
 * Does not check that the credential id is unused (WA-2, W-6): the caller must, atomically with
 * storing it, and must consume the challenge whatever the outcome (WA-1). Never throws on a
 * hostile response; throws a TypeError only when `expected` itself is wrong (a short challenge,
 * no origins).
 *
 * @example
 * ```ts
 * const result = await verifyRegistration(body, {
 *   challenge, origins: ['https://example.com'], rpId: 'example.com', requireUserVerification: false,
 * })
 * if (!result.ok) return badRequest() // log result.reason
 * await store.insertCredential(userId, result.credential) // fails if the id is taken
 * ```
 */
export async function verifyRegistration(
  response: unknown,
  expected: RegistrationExpectation,
): Promise<RegistrationResult> {
  const where = 'verifyRegistration'
  const origins = checkExpectation(expected, where)
  const allowed = checkAlgorithmList(expected.allowedAlgorithms ?? PASSKEY_ALGORITHMS, where)

  const parsed = registrationResponseSchema.safeParse(response)
  if (!parsed.success) return fail('malformed')
  const body = parsed.data
  if (body.type !== 'public-key') return fail('bad_type')
  if (body.id !== body.rawId) return fail('id_mismatch')
  const rawId = decodeBase64urlStrict(body.rawId)
  const clientDataJSON = decodeBase64urlStrict(body.response.clientDataJSON)
  const attestationObject = decodeBase64urlStrict(body.response.attestationObject)
  if (!rawId || !clientDataJSON || !attestationObject) return fail('malformed')
  if (rawId.byteLength > MAX_CREDENTIAL_ID_BYTES) return fail('credential_id_too_long')

  const clientDataProblem = checkClientData(clientDataJSON, {
    type: 'webauthn.create',
    challenge: expected.challenge,
    origins,
  })
  if (clientDataProblem) return fail(clientDataProblem)

  const attestation = decodeAttestationObject(attestationObject)
  if (!attestation) return fail('malformed')
  const authData = parseAuthenticatorDataStrict(attestation.authData)
  if (!authData) return fail('malformed')
  if (!constantTimeEqual(authData.rpIdHash, sha256Text(expected.rpId))) return fail('rp_id_mismatch')
  if (!authData.userPresent) return fail('user_presence_missing')
  if (expected.requireUserVerification && !authData.userVerified) return fail('user_verification_missing')
  if (authData.backedUp && !authData.backupEligible) return fail('backup_state_invalid')
  const credential = authData.credential
  if (!credential) return fail('attested_credential_missing')
  if (credential.id.byteLength > MAX_CREDENTIAL_ID_BYTES) return fail('credential_id_too_long')
  if (!constantTimeEqual(credential.id, rawId)) return fail('id_mismatch')

  const imported = await importCoseKey(credential.publicKey, allowed)
  if (!imported.ok) return fail(imported.reason)
  const attestationProblem = await checkAttestationStatement(attestation, imported.key, clientDataJSON)
  if (attestationProblem) return fail(attestationProblem)

  return {
    ok: true,
    credential: {
      credentialId: body.rawId,
      publicKey: encodeBase64urlNoPadding(credential.publicKey),
      algorithm: imported.key.algorithm,
      signCount: authData.signCount,
      transports: transports(body.response.transports),
      backupEligible: authData.backupEligible,
      backedUp: authData.backedUp,
      userVerified: authData.userVerified,
      aaguid: formatAaguid(credential.aaguid),
      attestationFormat: attestation.fmt,
    },
  }
}

interface DecodedAttestationObject {
  fmt: string
  attStmt: Record<string, unknown>
  authData: Uint8Array
}

/**
 * Decodes the attestation object's CBOR map ourselves rather than with @oslojs/webauthn's
 * `parseAttestationObject`, which hides the raw authenticator data bytes that a `packed`
 * signature covers and that the COSE key bytes are cut from.
 */
function decodeAttestationObject(bytes: Uint8Array): DecodedAttestationObject | null {
  let decoded: unknown
  try {
    decoded = decodeCBORToNativeValueNoLeftoverBytes(bytes, 4)
  } catch {
    return null
  }
  if (!isRecord(decoded)) return null
  const { fmt, attStmt, authData } = decoded
  if (typeof fmt !== 'string' || !isRecord(attStmt) || !(authData instanceof Uint8Array)) return null
  return { fmt, attStmt, authData }
}

async function checkAttestationStatement(
  attestation: DecodedAttestationObject,
  key: PasskeyVerificationKey,
  clientDataJSON: Uint8Array,
): Promise<PasskeyFailureReason | null> {
  const { fmt, attStmt } = attestation
  if (fmt === 'none') return Object.keys(attStmt).length === 0 ? null : 'malformed'
  if (fmt === 'packed') {
    if ('x5c' in attStmt) return null // full attestation: not verified, not trusted (see verifyRegistration)
    const { alg, sig } = attStmt
    if (typeof alg !== 'number' || !(sig instanceof Uint8Array)) return 'malformed'
    if (alg !== key.algorithm) return 'attestation_invalid'
    const message = createAssertionSignatureMessage(attestation.authData, clientDataJSON)
    return (await verifyPasskeySignature(key, sig, message)) ? null : 'attestation_invalid'
  }
  return UNVERIFIED_FORMATS.has(fmt) ? null : 'malformed'
}

function transports(values: readonly string[] | undefined): AuthenticatorTransport[] {
  const kept = (values ?? []).filter((value) => TRANSPORTS.has(value)) as AuthenticatorTransport[]
  return [...new Set(kept)].sort()
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  )
}
