/**
 * What a new password must satisfy (SECURITY.md PW-1..PW-6): a length in code points, a byte
 * cap, no common or breached password, not the account's own email or username. No
 * composition rules (PW-3). Checked by {@link checkPasswordPolicy} on registration and on
 * change, never on login.
 */
export interface PasswordPolicy {
  /**
   * Fewest code points; default `15` (NIST SP 800-63B-4 for a password that is the only
   * factor). 8 is the floor, for accounts where a second factor is always required.
   */
  readonly minLength: number
  /** Most code points; default `128` (at least 64 must be allowed, PW-2). */
  readonly maxLength: number
  /**
   * Most UTF-8 bytes; default `1024`. Checked first, on the raw input, so an oversized
   * password is refused before any normalisation or hashing.
   */
  readonly maxBytes: number
  /**
   * `true` (default) checks the bundled list of common passwords (see {@link isCommonPassword};
   * case-insensitive), `false` checks none, and a function replaces the list: it gets the
   * NFC-normalised password and returns `true` to refuse it.
   */
  readonly blocklist: boolean | ((normalizedPassword: string) => boolean | Promise<boolean>)
  /**
   * Optional breached-password lookup, called last, with the NFC-normalised password; `true`
   * refuses it. Typically a k-anonymity query (send the first 5 hex digits of the SHA-1, compare
   * the suffixes locally). Its errors propagate: wrap it if you prefer to fail open.
   */
  readonly isBreached?: (normalizedPassword: string) => Promise<boolean>
}

/** The default policy: 15..128 code points, at most 1024 bytes, bundled blocklist, no breach lookup. */
export const defaultPasswordPolicy: PasswordPolicy = Object.freeze({
  minLength: 15,
  maxLength: 128,
  maxBytes: 1024,
  blocklist: true,
})
