import { createPbkdf2PasswordHasher } from './create-pbkdf2-password-hasher.js'
import type { CorePasswordHasher } from './types.js'

/**
 * The `#default-password-hasher` module under the `workerd`, `worker`, `edge-light` and
 * `browser` conditions: `createAuth`'s hasher when the options give none. It keeps the portable
 * argon2id and scrypt code (about 6 kB gzip) out of edge bundles, at a price: new hashes are
 * PBKDF2-SHA256 (600,000 iterations, the OWASP minimum, not memory-hard), and argon2id or scrypt
 * hashes do not verify. Pass `createPasswordHasher()` as `password.hasher` to keep argon2id.
 * Cloudflare Workers in production refuse PBKDF2 above 100,000 iterations, so there pass a hasher.
 *
 * @returns `createPbkdf2PasswordHasher()`
 */
export function createDefaultPasswordHasher(): CorePasswordHasher {
  return createPbkdf2PasswordHasher()
}
