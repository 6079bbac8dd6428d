import { type CorePasswordHasher, createPasswordHasher } from '@portcullis/core/password'
import type { PasswordHasherPreset } from './env.js'

/**
 * The password hasher for a Worker. Workers have no native argon2id and no threads: whatever
 * runs, runs on the request's CPU budget.
 *
 * - `pbkdf2-100k` (default): PBKDF2-HMAC-SHA-256 through WebCrypto, 100,000 iterations, the
 *   most Cloudflare allows in production. **Below** the OWASP / ASVS minimum of 600,000 (a stolen
 *   database is about 6× cheaper to attack than at the minimum, and PBKDF2 is not memory-hard),
 *   hence `allowWeakParameters`. See the README for the trade-off.
 * - `argon2id`: core's defaults (m=19456 KiB, t=2, p=1) in portable JavaScript (`@noble/hashes`,
 *   no WebAssembly): meets the minimum, costs about 150–300 ms of CPU per hash, 19 MiB each.
 *
 * Every preset verifies hashes of every algorithm and rehashes to the configured one on login,
 * so switching preset later migrates accounts as they log in.
 *
 * @param preset - The preset name (`PASSWORD_HASHER`).
 * @returns The hasher to pass as `password.hasher`.
 * @example
 * createAuth({ ..., password: { hasher: createWorkerPasswordHasher('pbkdf2-100k') } })
 */
export function createWorkerPasswordHasher(preset: PasswordHasherPreset): CorePasswordHasher {
  if (preset === 'argon2id') return createPasswordHasher({ implementation: 'portable', maxConcurrent: 2 })
  return createPasswordHasher({
    algorithm: 'pbkdf2-sha256',
    pbkdf2: { iterations: 100_000 },
    implementation: 'portable',
    // 100,000 is Cloudflare's production ceiling for PBKDF2 and below the 600,000 minimum.
    allowWeakParameters: true,
  })
}
