import { loadNativeBackend } from '#native-hasher'
import { createHasherWith } from './create-hasher-with.js'
import { type PasswordHasherOptions, resolvePasswordHasherOptions } from './hasher-options.js'
import { portableEngines, withNative } from './portable-engines.js'
import type { CorePasswordHasher } from './types.js'

/**
 * Creates the password hasher: PHC strings, argon2id by default (m=19456 KiB, t=2, p=1),
 * verification of every supported algorithm whatever the configured one (for migrations),
 * and at most `maxConcurrent` KDF runs at once with `maxQueue` waiting (PW-14).
 *
 * Options are checked here, once; the native backend (if any) is loaded on the first hash or
 * verify, so this call is synchronous. Passwords are expected NFC-normalised and length-checked
 * already (see {@link checkPasswordPolicy} and {@link normalizePassword}).
 *
 * It carries every algorithm's code (portable argon2id and scrypt included, about 6 kB gzip in
 * a browser or Worker bundle). Where only PBKDF2 hashes exist, {@link createPbkdf2PasswordHasher}
 * writes and reads the same strings without them.
 *
 * @param options - see {@link PasswordHasherOptions}; every field has a secure default
 * @returns a {@link CorePasswordHasher}
 * @throws {ConfigError} `config_error` listing every invalid or too weak option
 * @example
 * ```ts
 * const hasher = createPasswordHasher()
 * const phc = await hasher.hash(normalizePassword(password)) // '$argon2id$v=19$m=19456,t=2,p=1$…'
 * if (await hasher.verify(phc, normalizePassword(attempt)) && hasher.needsRehash(phc)) {
 *   await store(await hasher.hash(normalizePassword(attempt)))
 * }
 * ```
 * @example Migrating from PBKDF2: old hashes keep verifying, and report `needsRehash`.
 * ```ts
 * const hasher = createPasswordHasher({ algorithm: 'argon2id' })
 * hasher.needsRehash('$pbkdf2-sha256$i=600000$…') // true
 * ```
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): CorePasswordHasher {
  const config = resolvePasswordHasherOptions(options)
  return createHasherWith(
    config.implementation === 'portable'
      ? () => Promise.resolve(portableEngines)
      : () => loadNativeBackend().then(withNative, () => portableEngines),
    {
      algorithm: config.algorithm,
      params: config.params[config.algorithm],
      maxConcurrent: config.maxConcurrent,
      maxQueue: config.maxQueue,
    },
  )
}
