import { WeakPasswordError } from '../errors/errors.js'
import type { EngineSubset, HashEngine } from './engine.js'
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
import type { CorePasswordHasher } from './types.js'

/**
 * Longest password the hasher accepts, in UTF-8 bytes. The policy's cap (1024 by default) is
 * checked first; this one only keeps megabyte inputs away from a KDF whatever the caller did.
 */
export const MAX_HASHER_PASSWORD_BYTES = 65_536

/** What `implementations()` reports for an algorithm the hasher has no engine for. */
export const UNSUPPORTED_IMPLEMENTATION = 'unsupported'

/** The engines of a hasher whose new hashes use `A`: at least `A`'s, maybe others. */
export type EnginesFor<A extends PasswordHashAlgorithm> = EngineSubset & {
  readonly [K in A]: HashEngine<ParamsByAlgorithm[K]>
}

/** The checked settings {@link createHasherWith} runs with. */
export interface HasherConfig<A extends PasswordHashAlgorithm> {
  /** The algorithm of new hashes. */
  readonly algorithm: A
  /** Its parameters. */
  readonly params: ParamsByAlgorithm[A]
  /** KDF runs allowed at once. */
  readonly maxConcurrent: number
  /** Runs allowed to wait for a slot; beyond it calls fail with `ServerBusyError`. */
  readonly maxQueue: number
}

const utf8 = new TextEncoder()

/**
 * The hasher logic shared by {@link createPasswordHasher} and {@link createPbkdf2PasswordHasher}:
 * PHC strings, a byte cap on passwords, at most `maxConcurrent` KDF runs at once with `maxQueue`
 * waiting (PW-14), `needsRehash` against the configured parameters. It verifies the algorithms
 * it has engines for; a well-formed string of any other algorithm verifies as `false` and needs a
 * rehash. Internal: the factories check their options, then pick the engines.
 *
 * @param loadEngines - returns the engines, called once on the first hash, verify or
 *   `implementations()` (so that a native backend can be loaded lazily)
 * @param config - algorithm and parameters of new hashes, concurrency limits (already checked)
 * @returns the hasher
 */
export function createHasherWith<A extends PasswordHashAlgorithm>(
  loadEngines: () => Promise<EnginesFor<A>>,
  config: HasherConfig<A>,
): CorePasswordHasher<A> {
  const semaphore = createSemaphore(config.maxConcurrent, config.maxQueue)
  const configuredParamsKey = paramsKey(config.algorithm, config.params)

  let engines: Promise<EnginesFor<A>> | undefined
  function engineSet(): Promise<EnginesFor<A>> {
    engines ??= loadEngines()
    return engines
  }

  async function hashWith(password: Uint8Array): Promise<string> {
    const set: { readonly [K in A]: HashEngine<ParamsByAlgorithm[K]> } = await engineSet()
    const engine: HashEngine<ParamsByAlgorithm[A]> = set[config.algorithm]
    const { salt, hash } = await semaphore.run(() => engine.hash(password, config.params))
    return formatPasswordHash({ algorithm: config.algorithm, params: config.params, salt, hash })
  }

  async function verifyWith<R extends PasswordHashAlgorithm>(
    record: PasswordHashRecordOf<R>,
    password: Uint8Array,
  ): Promise<boolean> {
    const set: EngineSubset = await engineSet()
    const engine: HashEngine<ParamsByAlgorithm[R]> | undefined = set[record.algorithm]
    if (!engine) return false
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
      return hashWith(bytes)
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
      const set: EngineSubset = await engineSet()
      const name = (algorithm: PasswordHashAlgorithm): string =>
        set[algorithm]?.implementation ?? UNSUPPORTED_IMPLEMENTATION
      return Object.freeze({
        argon2id: name('argon2id'),
        scrypt: name('scrypt'),
        'pbkdf2-sha256': name('pbkdf2-sha256'),
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
