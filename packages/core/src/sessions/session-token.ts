import { hashToken } from '../crypto/hash.js'
import { randomToken, SECRET_BYTES } from '../crypto/random.js'

/** 15 random bytes (120 bits) for the public id: unique, unguessable, and no timestamp in it. */
const SESSION_ID_BYTES = 15

/** `<20 base64url chars>.<43 base64url chars>`: id, then a 256-bit secret. */
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{43})$/

/** A freshly generated session token and what storage keeps of it. */
export interface GeneratedSessionToken {
  /** `id.secret`: goes to the client once, never stored. */
  token: string
  id: string
  /** SHA-256 (hex) of the secret: what storage keeps. */
  secretHash: string
}

/**
 * Generates a session token as `id.secret` (the design of Lucia's final form): the id finds
 * the row, the secret is compared against its stored SHA-256 in constant time, so neither a
 * database leak nor lookup timing yields a usable token.
 */
export function generateSessionToken(): GeneratedSessionToken {
  const id = randomToken(SESSION_ID_BYTES)
  const secret = randomToken(SECRET_BYTES)
  return { token: `${id}.${secret}`, id, secretHash: hashToken(secret) }
}

/** Splits a token into id and secret hash; null (never a throw) when it is not one of ours. */
export function parseSessionToken(token: string): { id: string; secretHash: string } | null {
  const match = TOKEN_PATTERN.exec(token)
  if (!match) return null
  return { id: match[1]!, secretHash: hashToken(match[2]!) }
}
