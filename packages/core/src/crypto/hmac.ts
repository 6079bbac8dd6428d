import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { encodeBase64urlNoPadding } from '@oslojs/encoding'

const utf8 = new TextEncoder()

/** HMAC-SHA-256 of `message` under `key`, as base64url: a keyed, non-reversible label. */
export function hmacSha256(key: Uint8Array, message: string): string {
  return encodeBase64urlNoPadding(hmac(sha256, key, utf8.encode(message)))
}
