import { encodeBase64urlNoPadding } from '@oslojs/encoding'

/** Bytes of randomness in every bearer secret: 256 bits, so storing a plain SHA-256 of it is enough. */
export const SECRET_BYTES = 32

/** `byteLength` bytes from the platform CSPRNG (`crypto.getRandomValues`). */
export function randomBytes(byteLength: number): Uint8Array {
  if (!Number.isInteger(byteLength) || byteLength < 1)
    throw new TypeError('byteLength must be a positive integer')
  const bytes = new Uint8Array(byteLength)
  crypto.getRandomValues(bytes)
  return bytes
}

/** A base64url (no padding) string of `byteLength` random bytes; 32 bytes (256 bits) by default. */
export function randomToken(byteLength: number = SECRET_BYTES): string {
  return encodeBase64urlNoPadding(randomBytes(byteLength))
}

/**
 * A time-ordered UUID (RFC 9562 version 7): 48-bit Unix milliseconds, then 74 random bits.
 * For record ids only, never for secrets (ASVS 11.5.1: UUIDs are not secrets).
 */
export function uuidv7(now: Date = new Date()): string {
  const bytes = randomBytes(16)
  const ms = BigInt(now.getTime())
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
