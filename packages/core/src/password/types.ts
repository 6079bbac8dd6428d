import type { PasswordHashAlgorithm } from './password-hash.js'

/**
 * The password-hashing port. Implementations write PHC strings
 * (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, `$scrypt$ln=17,r=8,p=1$...`,
 * `$pbkdf2-sha256$i=600000$...`) and verify any string whose id they know.
 * Inputs are already NFC-normalised and length-checked by the policy.
 */
export interface PasswordHasher {
  /** Hashes with the configured algorithm and parameters, with a fresh random salt. */
  hash(password: string): Promise<string>
  /** Whether `password` matches `phc`; false (never a throw) for a malformed or unknown string. */
  verify(phc: string, password: string): Promise<boolean>
  /** Whether `phc` uses another algorithm or weaker/different parameters than configured. */
  needsRehash(phc: string): boolean
}

/**
 * The {@link PasswordHasher} that core's factories return, with what it runs on:
 * {@link createPasswordHasher} (`A` is any algorithm) and {@link createPbkdf2PasswordHasher}
 * (`A` is `'pbkdf2-sha256'`).
 */
export interface CorePasswordHasher<A extends PasswordHashAlgorithm = PasswordHashAlgorithm>
  extends PasswordHasher {
  /** The algorithm new hashes use. */
  readonly algorithm: A
  /**
   * Which library runs each algorithm here, e.g. `{ argon2id: '@node-rs/argon2', scrypt:
   * 'node:crypto', 'pbkdf2-sha256': 'WebCrypto' }`, or `'unsupported'` for an algorithm this
   * hasher does not have (its hashes verify as `false`). Loads the native backend if needed.
   */
  implementations(): Promise<Readonly<Record<PasswordHashAlgorithm, string>>>
}
