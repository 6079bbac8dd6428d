import { sha256 } from '@noble/hashes/sha2.js'
import { encodeHexLowerCase } from '@oslojs/encoding'

const utf8 = new TextEncoder()

/**
 * SHA-256 of a high-entropy token, as lower-case hex: what storage keeps instead of the token.
 * Synchronous (@noble/hashes is about 1 µs for a token, `crypto.subtle.digest` about 16 µs).
 */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(utf8.encode(token)))
}

/** SHA-256 of UTF-8 text, as raw bytes. */
export function sha256Text(text: string): Uint8Array {
  return sha256(utf8.encode(text))
}
