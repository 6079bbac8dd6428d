/**
 * Converts an ECDSA signature from strict DER (`SEQUENCE { INTEGER r, INTEGER s }`, what
 * WebAuthn ES256 sends) to the fixed-size `r || s` form WebCrypto verifies. Strict: short-form
 * lengths only (a P-256 signature is at most 72 bytes), minimal non-negative integers, nothing
 * after the sequence. BER variants are refused rather than normalised, so one signature has
 * one encoding. Never throws.
 *
 * @param der - the signature bytes
 * @param size - bytes per integer (32 for P-256)
 * @returns `r || s`, or null when `der` is not a strict DER signature whose integers fit `size`
 */
export function derSignatureToRaw(der: Uint8Array, size = 32): Uint8Array | null {
  if (der.byteLength < 2 || der[0] !== 0x30) return null
  const length = der[1]!
  if (length >= 0x80 || length !== der.byteLength - 2) return null
  const r = readInteger(der, 2, size)
  if (!r) return null
  const s = readInteger(der, r.next, size)
  if (!s || s.next !== der.byteLength) return null
  const raw = new Uint8Array(2 * size)
  raw.set(r.value, size - r.value.byteLength)
  raw.set(s.value, 2 * size - s.value.byteLength)
  return raw
}

function readInteger(
  der: Uint8Array,
  offset: number,
  size: number,
): { value: Uint8Array; next: number } | null {
  if (der[offset] !== 0x02) return null
  const length = der[offset + 1]
  if (length === undefined || length === 0 || length >= 0x80) return null
  const start = offset + 2
  const end = start + length
  if (end > der.byteLength) return null
  let value = der.subarray(start, end)
  if ((value[0]! & 0x80) !== 0) return null // negative
  if (value[0] === 0 && value.byteLength > 1) {
    if ((value[1]! & 0x80) === 0) return null // a leading zero that is not needed
    value = value.subarray(1)
  }
  if (value.byteLength > size) return null
  return { value, next: end }
}
