/** Longest email accepted, in UTF-16 units (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254

// Characters that have no place in an address we will ever send mail to: whitespace, controls,
// and the separators that let one string name several mailboxes (next-auth CVE-2022-35924).
const FORBIDDEN_IN_EMAIL = /[\s\p{Cc}\p{Cf},;:<>()[\]\\"']/u

/** An email in its stored form and its unique key, or null when it is not a usable address. */
export interface NormalizedEmail {
  /** Trimmed, NFC, domain lower-cased. */
  email: string
  /** Lower-cased `email`: compared case-insensitively, unique in storage. */
  key: string
}

/**
 * Validates and normalises an email address after Unicode normalisation, not before
 * (next-auth CVE-2026-73420: a fullwidth `＠` became a second `@` downstream).
 * Returns null for anything that is not exactly one local part and one dotted domain.
 */
export function normalizeEmail(input: string): NormalizedEmail | null {
  const email = input.trim().normalize('NFC')
  if (email.length < 3 || email.length > MAX_EMAIL_LENGTH) return null
  if (FORBIDDEN_IN_EMAIL.test(email)) return null
  // Compatibility forms (NFKC) must not reveal extra separators either.
  const compat = email.normalize('NFKC')
  if (countOf(compat, '@') !== 1 || countOf(email, '@') !== 1) return null
  const at = email.indexOf('@')
  const local = email.slice(0, at)
  const domain = email.slice(at + 1).toLowerCase()
  if (local.length < 1 || local.length > 64) return null
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null
  const labels = domain.split('.')
  if (labels.length < 2) return null
  for (const label of labels) {
    if (label.length < 1 || label.length > 63) return null
    if (label.startsWith('-') || label.endsWith('-')) return null
  }
  const normalized = `${local}@${domain}`
  return { email: normalized, key: normalized.toLowerCase() }
}

function countOf(text: string, char: string): number {
  let n = 0
  for (const c of text) if (c === char) n++
  return n
}

/** A username in its stored form and its unique key. */
export interface NormalizedUsername {
  username: string
  /** Lower-cased: usernames are unique case-insensitively. */
  key: string
}

/** Usernames are 3–32 ASCII letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/

/**
 * Validates a username. ASCII only by design: it rules out homoglyph look-alikes
 * (`аdmin` with a Cyrillic `а`) and keeps `@` out, so an identifier with `@` is always an email.
 */
export function normalizeUsername(input: string): NormalizedUsername | null {
  const username = input.normalize('NFC')
  if (!USERNAME_PATTERN.test(username)) return null
  return { username, key: username.toLowerCase() }
}

/** Which unique key a login identifier names: an email when it contains `@`, else a username. */
export type IdentifierKey = { kind: 'email'; key: string } | { kind: 'username'; key: string }

/** Normalises a login identifier (email or username), or null when it can name no account. */
export function normalizeIdentifier(input: string): IdentifierKey | null {
  if (input.includes('@') || input.normalize('NFKC').includes('@')) {
    const email = normalizeEmail(input)
    return email ? { kind: 'email', key: email.key } : null
  }
  const username = normalizeUsername(input.trim())
  return username ? { kind: 'username', key: username.key } : null
}

/**
 * The form of an email prefix that compares with `emailKey` (trimmed, NFC, lower-cased), for
 * filtering users by the start of their email.
 */
export function emailPrefixKey(input: string): string {
  return input.trim().normalize('NFC').toLowerCase()
}
