import { COMMON_PASSWORDS } from './common-passwords.generated.js'

let commonPasswords: ReadonlySet<string> | undefined

/**
 * Whether `password` is on the bundled list of common passwords: the 10,000 most frequent
 * entries of at least 8 characters in `@zxcvbn-ts/language-common` (MIT), lower-cased. The
 * comparison is case-insensitive (`PassWord123` counts as `password123`): changing the case of
 * a common password adds almost nothing to what a guesser tries first. The whole password is
 * compared, never a substring. The list is split into a `Set` on first use.
 *
 * @param password - the NFC-normalised password
 * @returns `true` when the password is on the list
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(COMMON_PASSWORDS.split('\n'))
  return commonPasswords.has(password.toLowerCase())
}
