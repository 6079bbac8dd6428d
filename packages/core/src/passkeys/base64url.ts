import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'

const BASE64URL = /^[A-Za-z0-9_-]*$/

/**
 * Decodes canonical base64url without padding, as WebAuthn's JSON forms use: only the base64url
 * alphabet, no `=`, no whitespace, and no non-zero unused bits (so each byte string has exactly
 * one spelling, and comparing spellings compares bytes). Never throws.
 *
 * @returns the bytes, or null when `text` is not canonical base64url
 */
export function decodeBase64urlStrict(text: string): Uint8Array | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null
  let bytes: Uint8Array
  try {
    bytes = decodeBase64urlIgnorePadding(text)
  } catch {
    return null
  }
  return encodeBase64urlNoPadding(bytes) === text ? bytes : null
}

/** True when `text` is canonical base64url without padding (see {@link decodeBase64urlStrict}). */
export function isBase64url(text: string): boolean {
  return decodeBase64urlStrict(text) !== null
}
