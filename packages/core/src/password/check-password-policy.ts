import { WeakPasswordError } from '../errors/errors.js'
import { isCommonPassword } from './common-passwords.js'
import { countCodePoints, exceedsUtf8Bytes, normalizePassword } from './normalize-password.js'
import { defaultPasswordPolicy, type PasswordPolicy } from './password-policy.js'

/** The account a new password is for: the password may not be one of these (ignoring case). */
export interface PasswordContext {
  /** The account's email; its local part (before the last `@`) is refused too. */
  readonly email?: string | undefined
  readonly username?: string | undefined
}

/**
 * Checks a new password against `policy`, cheapest test first, and returns it NFC-normalised,
 * ready for {@link createPasswordHasher}'s `hash`. Use it on registration, password change and
 * reset; never on login (a login only compares).
 *
 * Order: the UTF-8 byte cap on the raw input, NFC normalisation, the length in code points,
 * the blocklist, the context (email, its local part, username; case-insensitive), then the
 * `isBreached` hook. Nothing is trimmed or case-folded.
 *
 * @param password - the password as typed
 * @param policy - default {@link defaultPasswordPolicy}
 * @param context - the account's email and username, when known
 * @returns the NFC-normalised password
 * @throws {WeakPasswordError} `weak_password` with `reason` (also in `fields.password`):
 *   `too_long` (over `maxBytes` bytes or `maxLength` code points), `too_short` (under
 *   `minLength` code points), `compromised` (on the blocklist), `context` (equal to the email,
 *   its local part or the username), `breached` (the `isBreached` hook said so)
 * @throws {TypeError} when `password` is not a string (a caller bug)
 * @example
 * ```ts
 * const normalized = await checkPasswordPolicy(body.password, defaultPasswordPolicy, { email })
 * const phc = await hasher.hash(normalized)
 * ```
 */
export async function checkPasswordPolicy(
  password: string,
  policy: PasswordPolicy = defaultPasswordPolicy,
  context: PasswordContext = {},
): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('password must be a string')
  if (exceedsUtf8Bytes(password, policy.maxBytes)) throw new WeakPasswordError('too_long')

  const normalized = normalizePassword(password)
  const length = countCodePoints(normalized)
  if (length < policy.minLength) throw new WeakPasswordError('too_short')
  if (length > policy.maxLength) throw new WeakPasswordError('too_long')

  if (await isBlocked(normalized, policy.blocklist)) throw new WeakPasswordError('compromised')
  if (matchesContext(normalized, context)) throw new WeakPasswordError('context')
  if (policy.isBreached && (await policy.isBreached(normalized))) throw new WeakPasswordError('breached')
  return normalized
}

async function isBlocked(normalized: string, blocklist: PasswordPolicy['blocklist']): Promise<boolean> {
  if (blocklist === false) return false
  if (blocklist === true) return isCommonPassword(normalized)
  return blocklist(normalized)
}

function matchesContext(normalized: string, context: PasswordContext): boolean {
  const candidate = normalized.toLowerCase()
  const { email, username } = context
  const at = email ? email.lastIndexOf('@') : -1
  const forbidden = [email, at > 0 ? email?.slice(0, at) : undefined, username]
  return forbidden.some((value) => !!value && normalizePassword(value).toLowerCase() === candidate)
}
