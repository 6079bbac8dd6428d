/**
 * Compares two byte arrays in time that depends only on their lengths, never on where they
 * differ. Arrays of different lengths are unequal (lengths of hashes are public).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  let diff = 0
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

const utf8 = new TextEncoder()

/** {@link constantTimeEqual} for strings, compared as UTF-8. */
export function constantTimeEqualString(a: string, b: string): boolean {
  return constantTimeEqual(utf8.encode(a), utf8.encode(b))
}
