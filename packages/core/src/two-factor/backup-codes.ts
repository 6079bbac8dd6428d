import { hashToken } from '../crypto/hash.js'
import { randomBytes } from '../crypto/random.js'

/** Crockford's base32 alphabet, lower-case: digits and letters without i, l, o and u. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const CHARS = 24
const GROUP = 4
/** The look-alikes Crockford's decoding maps to a digit. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { i: '1', l: '1', o: '0' }
/** Separators a user may type or paste inside a code: whitespace and dashes (ASCII and Unicode). */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g
/** Longer input is not a backup code, however many separators it has. */
const MAX_INPUT_LENGTH = 128

/**
 * Bits of entropy in each backup code: 24 random base32 characters. At 112 bits or more a plain
 * SHA-256 is an acceptable way to store it (REC-1, ASVS 6.5.2); below that it would need a salted
 * password hash.
 */
export const BACKUP_CODE_ENTROPY_BITS = 120

/** Codes in a set unless told otherwise. */
export const BACKUP_CODE_DEFAULT_COUNT = 10

function encodeCode(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(buffer >> bits) & 31]
    }
    buffer &= (1 << bits) - 1
  }
  return out
}

function group(chars: string): string {
  const groups: string[] = []
  for (let i = 0; i < chars.length; i += GROUP) groups.push(chars.slice(i, i + GROUP))
  return groups.join('-')
}

/**
 * A new set of single-use backup (recovery) codes from the platform CSPRNG, each with
 * {@link BACKUP_CODE_ENTROPY_BITS} bits of entropy, shown as `xxxx-xxxx-xxxx-xxxx-xxxx-xxxx`
 * (lower-case Crockford base32). Show them once; store only {@link hashBackupCode} of each, and
 * replace the whole stored set when generating a new one (REC-1).
 *
 * @param count How many codes, 1 to 100 (default: `10`).
 * @example generateBackupCodes() // ['7k2m-…', …] ten codes
 */
export function generateBackupCodes(count: number = BACKUP_CODE_DEFAULT_COUNT): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100)
    throw new TypeError('count must be an integer from 1 to 100')
  const codes = new Set<string>()
  // 15 bytes = 120 bits = 24 characters of 5 bits each: no modulo bias.
  while (codes.size < count) codes.add(group(encodeCode(randomBytes(BACKUP_CODE_ENTROPY_BITS / 8))))
  return [...codes]
}

/**
 * The canonical form of a backup code as a user typed it, or `null` when it cannot be one.
 * Spaces and dashes anywhere are dropped, letters are lower-cased, and Crockford's look-alikes
 * are read as digits (`i`/`l` → `1`, `o` → `0`); what is left must be exactly 24 characters of the
 * alphabet, ASCII only. The result is the grouped form {@link generateBackupCodes} shows, so
 * normalizing a displayed code gives it back unchanged.
 *
 * @example normalizeBackupCode(' 7K2M 0ABC-...') // '7k2m-0abc-…'
 */
export function normalizeBackupCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null
  const bare = input.replace(SEPARATORS, '')
  if (bare.length !== CHARS || !/^[0-9A-Za-z]+$/.test(bare)) return null
  let chars = ''
  for (const char of bare.toLowerCase()) {
    const mapped = LOOK_ALIKES[char] ?? char
    if (!ALPHABET.includes(mapped)) return null
    chars += mapped
  }
  return group(chars)
}

/**
 * What storage keeps for a backup code: `hashToken` (SHA-256, lower-case hex) of its
 * {@link normalizeBackupCode} form, so the displayed code and the same code typed with spaces,
 * without dashes or in capitals hash alike. `null` when the input cannot be a backup code: refuse
 * it without a storage lookup.
 *
 * @example
 * const hash = hashBackupCode(body.code)
 * if (hash === null || !(await storage.consumeBackupCode(userId, hash))) return invalidCode()
 */
export function hashBackupCode(code: string): string | null {
  const normalized = normalizeBackupCode(code)
  return normalized === null ? null : hashToken(normalized)
}
