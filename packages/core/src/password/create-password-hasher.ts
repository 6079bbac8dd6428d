import { loadNativeBackend } from '#native-hasher'
import { WeakPasswordError } from '../errors/errors.js'
import { type EngineSet, type HashEngine, portableEngines, withNative } from './engine.js'
import { type PasswordHasherOptions, resolvePasswordHasherOptions } from './hasher-options.js'
import {
  formatPasswordHash,
  HASH_BYTES,
  type ParamsByAlgorithm,
  type PasswordHashAlgorithm,
  type PasswordHashRecordOf,
  paramsKey,
  parsePasswordHash,
  SALT_BYTES,
} from './password-hash.js'
import { createSemaphore } from './semaphore.js'
import type { PasswordHasher } from './types.js'

/**
 * Longest password the hasher accepts, in UTF-8 bytes. The policy's cap (1024 by default) is
 * checked first; this one only keeps megabyte inputs away from a KDF whatever the caller did.
 */
export const MAX_HASHER_PASSWORD_BYTES = 65_536

/** The {@link PasswordHasher} that {@link createPasswordHasher} returns, with what it runs on. */
export interface CorePasswordHasher extends PasswordHasher {
  /** The algorithm new hashes use. */
  readonly algorithm: PasswordHashAlgorithm
  /**
   * Which library runs each algorithm here, e.g. `{ argon2id: '@node-rs/argon2', scrypt:
   * 'node:crypto', 'pbkdf2-sha256': 'WebCrypto' }`. Loads the native backend if needed.
   */
  implementations(): Promise<Readonly<Record<PasswordHashAlgorithm, string>>>
}

const utf8 = new TextEncoder()

/**
 * Creates the password hasher: PHC strings, argon2id by default (m=19456 KiB, t=2, p=1),
 * verification of every supported algorithm whatever the configured one (for migrations),
 * and at most `maxConcurrent` KDF runs at once with `maxQueue` waiting (PW-14).
 *
 * Options are checked here, once; the native backend (if any) is loaded on the first hash or
 * verify, so this call is synchronous. Passwords are expected NFC-normalised and length-checked
 * already (see {@link checkPasswordPolicy} and {@link normalizePassword}).
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
  const semaphore = createSemaphore(config.maxConcurrent, config.maxQueue)
  const configuredParamsKey = paramsKey(config.algorithm, config.params[config.algorithm])

  let engines: Promise<EngineSet> | undefined
  function loadEngines(): Promise<EngineSet> {
    engines ??=
      config.implementation === 'portable'
        ? Promise.resolve(portableEngines)
        : loadNativeBackend().then(withNative, () => portableEngines)
    return engines
  }

  async function hashWith<A extends PasswordHashAlgorithm>(
    algorithm: A,
    params: ParamsByAlgorithm[A],
    password: Uint8Array,
  ): Promise<string> {
    const engine: HashEngine<ParamsByAlgorithm[A]> = (await loadEngines())[algorithm]
    const { salt, hash } = await semaphore.run(() => engine.hash(password, params))
    return formatPasswordHash({ algorithm, params, salt, hash })
  }

  async function verifyWith<A extends PasswordHashAlgorithm>(
    record: PasswordHashRecordOf<A>,
    password: Uint8Array,
  ): Promise<boolean> {
    const engine: HashEngine<ParamsByAlgorithm[A]> = (await loadEngines())[record.algorithm]
    return semaphore.run(async () => {
      try {
        return await engine.verify(password, record)
      } catch {
        // A well-formed string an implementation still refuses is a failed verify, not a crash.
        return false
      }
    })
  }

  return {
    algorithm: config.algorithm,

    async hash(password) {
      if (typeof password !== 'string') throw new TypeError('password must be a string')
      const bytes = encodeCapped(password)
      if (!bytes) throw new WeakPasswordError('too_long')
      return hashWith(config.algorithm, config.params[config.algorithm], bytes)
    },

    async verify(phc, password) {
      if (typeof phc !== 'string' || typeof password !== 'string') return false
      const bytes = encodeCapped(password)
      const record = bytes && parsePasswordHash(phc)
      if (!bytes || !record) return false
      return verifyWith(record, bytes)
    },

    needsRehash(phc) {
      const record = typeof phc === 'string' ? parsePasswordHash(phc) : null
      if (!record || record.algorithm !== config.algorithm) return true
      return (
        paramsKey(record.algorithm, record.params) !== configuredParamsKey ||
        record.salt.byteLength < SALT_BYTES ||
        record.hash.byteLength < HASH_BYTES
      )
    },

    async implementations() {
      const set = await loadEngines()
      return Object.freeze({
        argon2id: set.argon2id.implementation,
        scrypt: set.scrypt.implementation,
        'pbkdf2-sha256': set['pbkdf2-sha256'].implementation,
      })
    },
  }
}

/** UTF-8 bytes of `password`, or `null` above {@link MAX_HASHER_PASSWORD_BYTES} (checked before encoding a huge string). */
function encodeCapped(password: string): Uint8Array | null {
  if (password.length > MAX_HASHER_PASSWORD_BYTES) return null
  const bytes = utf8.encode(password)
  return bytes.byteLength > MAX_HASHER_PASSWORD_BYTES ? null : bytes
}
