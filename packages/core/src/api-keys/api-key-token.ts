import { hashToken } from '../crypto/hash.js'
import { randomToken } from '../crypto/random.js'

/** Every API key starts with this, so it is recognisable (secret scanners, logs, the auth chain). */
export const API_KEY_PREFIX = 'pcl_'

/** Characters of a key shown in lists (the prefix and 8 more): enough to tell keys apart. */
const SHOWN_LENGTH = API_KEY_PREFIX.length + 8

const API_KEY_PATTERN = /^pcl_[A-Za-z0-9_-]{43}$/

/** A new API key: `pcl_` + 256 random bits; storage keeps only its SHA-256 and first characters. */
export function generateApiKey(): { key: string; keyHash: string; start: string } {
  const key = `${API_KEY_PREFIX}${randomToken()}`
  return { key, keyHash: hashToken(key), start: key.slice(0, SHOWN_LENGTH) }
}

/** Whether `value` has the shape of one of our API keys (checked before any storage call). */
export function isApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value)
}
