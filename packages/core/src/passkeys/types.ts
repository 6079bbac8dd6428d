/** How strongly the ceremony asks the authenticator to verify the user (PIN, biometrics). */
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged'

/** Transports a credential may be reached over (WebAuthn `AuthenticatorTransport`); unknown ones are dropped. */
export type AuthenticatorTransport = 'ble' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb'

/** A credential reference inside options (`excludeCredentials`, `allowCredentials`). */
export interface PublicKeyCredentialDescriptorJSON {
  type: 'public-key'
  /** The credential id, base64url. */
  id: string
  transports?: AuthenticatorTransport[]
}

/**
 * `PublicKeyCredentialCreationOptionsJSON` (WebAuthn Level 3): what the browser passes to
 * `PublicKeyCredential.parseCreationOptionsFromJSON()` (or decodes by hand) for
 * `navigator.credentials.create()`. Byte fields are base64url without padding.
 */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id: string; name: string }
  user: { id: string; name: string; displayName: string }
  challenge: string
  pubKeyCredParams: { type: 'public-key'; alg: number }[]
  timeout: number
  excludeCredentials: PublicKeyCredentialDescriptorJSON[]
  authenticatorSelection: {
    residentKey: 'discouraged' | 'preferred' | 'required'
    requireResidentKey: boolean
    userVerification: UserVerificationRequirement
  }
  attestation: 'none'
}

/** `PublicKeyCredentialRequestOptionsJSON` (WebAuthn Level 3), for `navigator.credentials.get()`. */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: string
  timeout: number
  rpId: string
  allowCredentials: PublicKeyCredentialDescriptorJSON[]
  userVerification: UserVerificationRequirement
}

/** `RegistrationResponseJSON`: `PublicKeyCredential.toJSON()` after `create()`. Only the fields we read. */
export interface RegistrationResponseJSON {
  id: string
  rawId: string
  type: 'public-key'
  response: {
    clientDataJSON: string
    attestationObject: string
    transports?: string[]
  }
  authenticatorAttachment?: string | null
  clientExtensionResults?: Record<string, unknown>
}

/** `AuthenticationResponseJSON`: `PublicKeyCredential.toJSON()` after `get()`. Only the fields we read. */
export interface AuthenticationResponseJSON {
  id: string
  rawId: string
  type: 'public-key'
  response: {
    clientDataJSON: string
    authenticatorData: string
    signature: string
    userHandle?: string | null
  }
  authenticatorAttachment?: string | null
  clientExtensionResults?: Record<string, unknown>
}

/**
 * Why a ceremony failed. Stable codes, safe to log; answer the client with one generic error.
 *
 * - `malformed`: the response is not the JSON a browser sends, or its binary parts do not parse
 * - `bad_type`: `type` is not `public-key`, or `clientDataJSON.type` is not this ceremony's
 * - `id_mismatch`: `id` ≠ `rawId`, or (authentication) not the expected credential, or
 *   (registration) not the credential id inside the authenticator data
 * - `challenge_mismatch`, `origin_mismatch`, `rp_id_mismatch`: the ceremony is not the one issued,
 *   or not for this site
 * - `cross_origin`: the ceremony ran inside a cross-origin iframe (not supported)
 * - `user_presence_missing`, `user_verification_missing`: UP clear, or UV clear when required
 * - `backup_state_invalid`: BS set without BE; `backup_eligibility_changed`: BE differs from the
 *   stored value (authentication, only when the caller passes it)
 * - `attested_credential_missing`: a registration without attested credential data
 * - `credential_id_too_long`: a credential id over 1023 bytes
 * - `unsupported_algorithm`: the key's COSE algorithm is not allowed, or the key does not match it
 * - `invalid_public_key`: the key does not decode or import (a point not on the curve, …)
 * - `attestation_invalid`: a `packed` self-attestation whose signature does not verify
 * - `signature_invalid`: the assertion signature does not verify
 * - `user_handle_mismatch`, `user_handle_missing`: the assertion names another user, or none
 *   when one is required
 */
export type PasskeyFailureReason =
  | 'malformed'
  | 'bad_type'
  | 'id_mismatch'
  | 'challenge_mismatch'
  | 'origin_mismatch'
  | 'cross_origin'
  | 'rp_id_mismatch'
  | 'user_presence_missing'
  | 'user_verification_missing'
  | 'backup_state_invalid'
  | 'backup_eligibility_changed'
  | 'attested_credential_missing'
  | 'credential_id_too_long'
  | 'unsupported_algorithm'
  | 'invalid_public_key'
  | 'attestation_invalid'
  | 'signature_invalid'
  | 'user_handle_mismatch'
  | 'user_handle_missing'

/** A ceremony that failed: nothing from the response may be used. */
export interface PasskeyFailure {
  ok: false
  reason: PasskeyFailureReason
}

/** What to store for a newly registered credential (all byte strings base64url). */
export interface RegisteredPasskey {
  /** The credential id, base64url (≤ 1023 bytes decoded). Unique across all users: the caller checks. */
  credentialId: string
  /** The credential public key as the authenticator sent it (COSE_Key CBOR bytes), base64url. */
  publicKey: string
  /** Its COSE algorithm: -7 (ES256), -8 (EdDSA) or -257 (RS256). */
  algorithm: number
  /** The authenticator's signature counter at registration (0 for most passkeys). */
  signCount: number
  /** Transports the browser reported, unknown values dropped. */
  transports: AuthenticatorTransport[]
  /** BE: the credential may be synced (a multi-device passkey). Fixed for the credential's life. */
  backupEligible: boolean
  /** BS: the credential is currently backed up. */
  backedUp: boolean
  /** UV: the user was verified during registration. */
  userVerified: boolean
  /** The authenticator model (AAGUID) as a UUID string; all zeros when the client hides it. */
  aaguid: string
  /** The attestation format sent (`none`, `packed`, …); never used for a trust decision. */
  attestationFormat: string
}

/** The outcome of `verifyRegistration`. */
export type RegistrationResult = { ok: true; credential: RegisteredPasskey } | PasskeyFailure

/** A stored credential, as `verifyAuthentication` needs it. */
export interface StoredPasskey {
  /** base64url credential id. */
  credentialId: string
  /** base64url COSE key, as returned at registration. */
  publicKey: string
  /** COSE algorithm, as returned at registration. */
  algorithm: number
  /** The last signature counter stored. */
  signCount: number
  /** BE at registration; when given, an assertion with another BE value fails. */
  backupEligible?: boolean
}

/** A successful assertion. */
export interface AuthenticationSuccess {
  ok: true
  /** The counter to store: the received one, never lower than the stored one. */
  newSignCount: number
  /**
   * True when either counter is non-zero and the received one is not greater than the stored one:
   * the credential may have been cloned (WA-3). The ceremony still verified; the caller applies
   * its policy (log, alert, refuse, …).
   */
  cloneWarning: boolean
  /** UV flag of this assertion. */
  userVerified: boolean
  /** BS flag of this assertion (may change over the credential's life; store it). */
  backedUp: boolean
  /** The user handle the authenticator returned (base64url), or null when it sent none. */
  userHandle: string | null
}

/** The outcome of `verifyAuthentication`. */
export type AuthenticationResult = AuthenticationSuccess | PasskeyFailure
