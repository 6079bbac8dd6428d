import { decodeCBORToNativeValue, decodeCBORToNativeValueNoLeftoverBytes } from '@oslojs/cbor'
import { parseAuthenticatorData } from '@oslojs/webauthn'

/** The largest credential id WebAuthn allows (WA-2). */
export const MAX_CREDENTIAL_ID_BYTES = 1023

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_BE = 0x08
const FLAG_BS = 0x10
const FLAG_AT = 0x40
const FLAG_ED = 0x80
/** rpIdHash (32) + flags (1) + signCount (4). */
const HEADER_BYTES = 37
/** AAGUID (16) + credential id length (2). */
const ATTESTED_HEADER_BYTES = 18

/** Attested credential data, as registration carries it. */
export interface AttestedCredential {
  /** The authenticator model. */
  aaguid: Uint8Array
  /** The credential id. */
  id: Uint8Array
  /** The COSE_Key CBOR bytes, exactly as sent. */
  publicKey: Uint8Array
}

/** Authenticator data with every flag the ceremonies look at. */
export interface ParsedAuthenticatorData {
  rpIdHash: Uint8Array
  userPresent: boolean
  userVerified: boolean
  backupEligible: boolean
  backedUp: boolean
  signCount: number
  /** Present exactly when the AT flag is set. */
  credential: AttestedCredential | null
}

/**
 * Parses authenticator data strictly: @oslojs/webauthn's parser reads the hash, UP, UV, the
 * counter and the attested credential (its COSE key must decode); on top of it this reads BE and
 * BS, keeps the COSE key's own bytes, and requires that nothing follows except, when ED is set,
 * exactly one CBOR map of extensions. Never throws.
 *
 * @returns the parsed data, or null when the bytes are not well-formed authenticator data
 */
export function parseAuthenticatorDataStrict(bytes: Uint8Array): ParsedAuthenticatorData | null {
  let parsed: ReturnType<typeof parseAuthenticatorData>
  try {
    parsed = parseAuthenticatorData(bytes)
  } catch {
    return null
  }
  const flags = bytes[32] ?? 0
  const hasAttestedCredential = (flags & FLAG_AT) !== 0
  let offset = HEADER_BYTES
  let credential: AttestedCredential | null = null
  if (hasAttestedCredential) {
    if (!parsed.credential) return null
    const idLength = parsed.credential.id.byteLength
    const keyStart = HEADER_BYTES + ATTESTED_HEADER_BYTES + idLength
    let keySize: number
    try {
      ;[, keySize] = decodeCBORToNativeValue(bytes.subarray(keyStart), 4)
    } catch {
      return null
    }
    offset = keyStart + keySize
    credential = {
      aaguid: bytes.slice(HEADER_BYTES, HEADER_BYTES + 16),
      id: parsed.credential.id,
      publicKey: bytes.slice(keyStart, offset),
    }
  }
  const rest = bytes.subarray(offset)
  if ((flags & FLAG_ED) !== 0) {
    if (!isCborMap(rest)) return null
  } else if (rest.byteLength !== 0) return null
  return {
    rpIdHash: parsed.relyingPartyIdHash,
    userPresent: (flags & FLAG_UP) !== 0,
    userVerified: (flags & FLAG_UV) !== 0,
    backupEligible: (flags & FLAG_BE) !== 0,
    backedUp: (flags & FLAG_BS) !== 0,
    signCount: parsed.signatureCounter,
    credential,
  }
}

function isCborMap(bytes: Uint8Array): boolean {
  if (bytes.byteLength === 0) return false
  try {
    const value = decodeCBORToNativeValueNoLeftoverBytes(bytes, 8)
    return (
      typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
    )
  } catch {
    return false
  }
}

/** Formats a 16-byte AAGUID as a UUID string. */
export function formatAaguid(aaguid: Uint8Array): string {
  const hex = Array.from(aaguid, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
