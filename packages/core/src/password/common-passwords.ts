import { COMMON_PASSWORDS, COMMON_PASSWORDS_FROM_LENGTH } from '#common-passwords'
import { commonPasswordMatcher } from './common-password-matcher.js'

const matches = commonPasswordMatcher(COMMON_PASSWORDS)

/**
 * The shortest password the bundled list covers, in code points: 8 on Node, Bun and Deno, 12 with
 * the edge list. `createAuth` refuses a `password.minLength` below it unless `password.blocklist`
 * is your own (e.g. `fullCommonPasswordBlocklist`), so the default list never silently thins out.
 */
export const bundledBlocklistFromLength: number = COMMON_PASSWORDS_FROM_LENGTH

/**
 * Whether `password` is on the bundled list of common passwords (the default blocklist), from
 * `@zxcvbn-ts/language-common` (MIT), lower-cased. Which list depends on the runtime, through
 * the `#common-passwords` import conditions:
 *
 * - Node, Bun, Deno (and any other runtime): the 10,000 most frequent entries of at least 8
 *   characters.
 * - Workers and edge bundles (conditions `workerd`, `worker`, `edge-light`, `browser`): those of
 *   at least 12 characters (128 entries, 2.5 kB instead of 93 kB). With a `minLength` of 12 or
 *   more (the default is 15) it refuses exactly what the full list refuses; `createAuth` refuses
 *   a lower `minLength` with it ({@link bundledBlocklistFromLength}). Pass
 *   `fullCommonPasswordBlocklist` from `@portcullis/core/password/common-passwords` as
 *   `password.blocklist` to bundle the full list there (and allow a `minLength` down to 8).
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
