import { hmac } from '@noble/hashes/hmac.js'
import { sha1 } from '@noble/hashes/legacy.js'

/**
 * HOTP (RFC 4226 §5.3): HMAC-SHA-1 of the 8-byte big-endian counter, dynamic truncation to 31
 * bits, the last `digits` decimal digits, left-padded with zeros. Inputs are checked by the caller.
 * On `@noble/hashes`, whose HMAC core bundles already carry (RFC 4226 Appendix D vectors in tests).
 *
 * @param secret - the shared secret
 * @param counter - a non-negative safe integer (steps past 2^32 included)
 * @param digits - 6 to 8
 */
export function hotp(secret: Uint8Array, counter: number, digits: number): string {
  const message = new Uint8Array(8)
  const view = new DataView(message.buffer)
  view.setUint32(0, Math.floor(counter / 2 ** 32))
  view.setUint32(4, counter >>> 0)
  const mac = hmac(sha1, secret, message)
  const offset = mac[19]! & 0x0f
  const binary = new DataView(mac.buffer, mac.byteOffset).getUint32(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}
