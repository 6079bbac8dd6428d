import { constantTimeEqual } from '../crypto/constant-time.js'
import { randomBytes } from '../crypto/random.js'
import type { RawKdf } from './algorithm-spec.js'
import type { Argon2idParams } from './argon2id.js'
import {
  HASH_BYTES,
  type ParamsByAlgorithm,
  type PasswordHashAlgorithm,
  SALT_BYTES,
} from './password-hash.js'
import type { ScryptParams } from './scrypt.js'

/** A fresh salt and the hash derived with it. */
export interface SaltedHash {
  readonly salt: Uint8Array
  readonly hash: Uint8Array
}

/**
 * One implementation of one algorithm: hash with a fresh salt, verify against a stored salt
 * and hash. Internal seam between the hasher and the runtime-specific backends.
 */
export interface HashEngine<P> {
  /** Which library runs it, e.g. `@noble/hashes`, `@node-rs/argon2`, `node:crypto`, `Bun.password`. */
  readonly implementation: string
  hash(password: Uint8Array, params: P): Promise<SaltedHash>
  verify(password: Uint8Array, stored: SaltedHash & { readonly params: P }): Promise<boolean>
}

/** An engine for every algorithm. */
export type EngineSet = { readonly [A in PasswordHashAlgorithm]: HashEngine<ParamsByAlgorithm[A]> }

/** Engines for some algorithms: what a hasher can verify. The others verify as `false`. */
export type EngineSubset = { readonly [A in PasswordHashAlgorithm]?: HashEngine<ParamsByAlgorithm[A]> }

/**
 * What the runtime's `#native-hasher` module offers: a native engine per algorithm, or `null`
 * where the portable one must run. PBKDF2 is always WebCrypto, so it has no entry.
 */
export interface NativeBackend {
  readonly argon2id: HashEngine<Argon2idParams> | null
  readonly scrypt: HashEngine<ScryptParams> | null
}

/**
 * Turns a raw KDF into an engine: a {@link SALT_BYTES}-byte random salt and a
 * {@link HASH_BYTES}-byte hash on `hash`, a constant-time comparison of equal-length output on `verify`.
 */
export function engineFromKdf<P>(implementation: string, kdf: RawKdf<P>): HashEngine<P> {
  return {
    implementation,
    async hash(password, params) {
      const salt = randomBytes(SALT_BYTES)
      return { salt, hash: await kdf(password, salt, params, HASH_BYTES) }
    },
    async verify(password, stored) {
      const derived = await kdf(password, stored.salt, stored.params, stored.hash.byteLength)
      return constantTimeEqual(derived, stored.hash)
    },
  }
}
