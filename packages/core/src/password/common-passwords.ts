import { COMMON_PASSWORDS } from '#common-passwords'
import { commonPasswordMatcher } from './common-password-matcher.js'

const matches = commonPasswordMatcher(COMMON_PASSWORDS)

/**
 * Whether `password` is on the bundled list of common passwords (the default blocklist), from
 * `@zxcvbn-ts/language-common` (MIT), lower-cased. Which list depends on the runtime, through
 * the `#common-passwords` import conditions:
 *
 * - Node, Bun, Deno (and any other runtime): the 10,000 most frequent entries of at least 8
 *   characters.
 * - Workers and edge bundles (conditions `workerd`, `worker`, `edge-light`, `browser`): the
 *   1,000 most frequent of those plus every one of at least 12 characters (1,116 entries, 11 kB
 *   instead of 93 kB). With a `minLength` of 12 or more (the default is 15) it refuses exactly
 *   what the full list refuses; below 12 it misses ranks 1,001..10,000 of 8..11 characters. Pass
 *   `fullCommonPasswordBlocklist` from `@portcullis/core/password/common-passwords` as
 *   `password.blocklist` to bundle the full list there.
 *
 * The comparison is case-insensitive (`PassWord123` counts as `password123`): changing the case
 * of a common password adds almost nothing to what a guesser tries first. The whole password is
 * compared, never a substring. The list is split into a `Set` on first use.
 *
 * @param password - the NFC-normalised password
 * @returns `true` when the password is on the list
 */
export function isCommonPassword(password: string): boolean {
  return matches(password)
}
