import { commonPasswordMatcher } from './common-password-matcher.js'
import { COMMON_PASSWORDS } from './common-passwords.generated.js'

/**
 * The full common-password blocklist (10,000 entries, about 93 kB of source) as a
 * `password.blocklist` predicate, for Workers and edge bundles, whose default is the shorter edge
 * list (see `isCommonPassword`). On Node, Bun and Deno the default already is this list.
 * Case-insensitive, whole password.
 *
 * @param normalizedPassword - the NFC-normalised password
 * @returns `true` when the password is on the full list
 * @example
 * ```ts
 * import { fullCommonPasswordBlocklist } from '@portcullis/core/password/common-passwords'
 *
 * createAuth({ ...options, password: { blocklist: fullCommonPasswordBlocklist } })
 * ```
 */
export const fullCommonPasswordBlocklist: (normalizedPassword: string) => boolean =
  commonPasswordMatcher(COMMON_PASSWORDS)
