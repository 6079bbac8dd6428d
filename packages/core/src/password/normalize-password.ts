/**
 * Unicode NFC normalisation of a password (SECURITY.md PW-5): the precomposed `é` (U+00E9) and
 * `e` + combining acute (U+0065 U+0301) become the same string, so a password typed on another
 * keyboard or OS still verifies. Apply it before hashing, both when setting and when verifying.
 * Nothing else changes: no trimming, no case folding (PW-4).
 *
 * @param password - the password as received
 * @returns its NFC form
 * @example
 * ```ts
 * normalizePassword('cafe\u0301') === normalizePassword('caf\u00e9') // true
 * ```
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC')
}

const utf8 = new TextEncoder()

/**
 * Whether `text` is longer than `maxBytes` in UTF-8. A string with more UTF-16 units than
 * `maxBytes` is refused without being encoded (each unit is at least one byte), so a
 * megabyte input costs nothing.
 */
export function exceedsUtf8Bytes(text: string, maxBytes: number): boolean {
  return text.length > maxBytes || utf8.encode(text).byteLength > maxBytes
}

/** Number of Unicode code points in `text` (`'😀'` is 1, where `'😀'.length` is 2). */
export function countCodePoints(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}
