import { ConfigError } from '../errors/errors.js'
import type { AlgorithmSpec } from './algorithm-spec.js'
import type { Argon2idParams } from './argon2id.js'
import {
  algorithmSpecs,
  isPasswordHashAlgorithm,
  PASSWORD_HASH_ALGORITHMS,
  type ParamsByAlgorithm,
  type PasswordHashAlgorithm,
} from './password-hash.js'
import type { Pbkdf2Sha256Params } from './pbkdf2-sha256.js'
import type { ScryptParams } from './scrypt.js'

/**
 * Options of {@link createPasswordHasher}. Every field is optional; the defaults follow the
 * OWASP Password Storage Cheat Sheet and ASVS 5.0 (SECURITY.md §1.2).
 */
export interface PasswordHasherOptions {
  /** Algorithm for new hashes; default `'argon2id'`. Every supported algorithm still verifies. */
  algorithm?: PasswordHashAlgorithm
  /** argon2id parameters; default `{ memoryCost: 19456 /* KiB *\/, timeCost: 2, parallelism: 1 }`. */
  argon2id?: Partial<Argon2idParams>
  /** scrypt parameters; default `{ logN: 17, r: 8, p: 1 }` (N = 2^17, 128 MiB). */
  scrypt?: Partial<ScryptParams>
  /** PBKDF2-HMAC-SHA-256 parameters; default `{ iterations: 600000 }`. */
  pbkdf2?: Partial<Pbkdf2Sha256Params>
  /**
   * `'auto'` (default) uses the runtime's native implementation where there is one
   * (`@node-rs/argon2` or `node:crypto` on Node, `Bun.password` on Bun), `'portable'` always
   * uses `@noble/hashes`. Both write and read the same strings.
   */
  implementation?: 'auto' | 'portable'
  /** Hash/verify operations allowed to run at once; default `4`. */
  maxConcurrent?: number
  /** Operations allowed to wait for a slot; default `64`. Beyond it calls fail with `ServerBusyError`. */
  maxQueue?: number
  /**
   * Accept parameters below the OWASP / ASVS minimums; default `false`. For tests only: it
   * makes hashes cheap to crack.
   */
  allowWeakParameters?: boolean
}

/** {@link PasswordHasherOptions} checked, with every default filled in. */
export interface ResolvedPasswordHasherOptions {
  readonly algorithm: PasswordHashAlgorithm
  /** The parameters of every algorithm; only `params[algorithm]` is used for new hashes. */
  readonly params: Readonly<ParamsByAlgorithm>
  readonly implementation: 'auto' | 'portable'
  readonly maxConcurrent: number
  readonly maxQueue: number
}

/**
 * Options of {@link createPbkdf2PasswordHasher}: the PBKDF2 part of {@link PasswordHasherOptions},
 * so the same object (without `algorithm`) configures either factory. Every field is optional.
 */
export interface Pbkdf2PasswordHasherOptions {
  /** PBKDF2-HMAC-SHA-256 parameters; default `{ iterations: 600000 }` (OWASP, ASVS 5.0). */
  pbkdf2?: Partial<Pbkdf2Sha256Params>
  /** Hash/verify operations allowed to run at once; default `4`. */
  maxConcurrent?: number
  /** Operations allowed to wait for a slot; default `64`. Beyond it calls fail with `ServerBusyError`. */
  maxQueue?: number
  /**
   * Accept fewer than 600,000 iterations; default `false`. For tests, or a platform that caps
   * PBKDF2 (Cloudflare Workers: 100,000) where you accepted the trade-off: it makes hashes cheaper
   * to crack.
   */
  allowWeakParameters?: boolean
}

/** {@link Pbkdf2PasswordHasherOptions} checked, with every default filled in. */
export interface ResolvedPbkdf2PasswordHasherOptions {
  readonly params: Pbkdf2Sha256Params
  readonly maxConcurrent: number
  readonly maxQueue: number
}

/** The option key of each algorithm's parameters. */
const OPTION_KEYS = { argon2id: 'argon2id', scrypt: 'scrypt', 'pbkdf2-sha256': 'pbkdf2' } as const
const SHARED_KEYS = ['maxConcurrent', 'maxQueue', 'allowWeakParameters'] as const
const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'algorithm',
  ...Object.values(OPTION_KEYS),
  'implementation',
  ...SHARED_KEYS,
])
const PBKDF2_KEYS: ReadonlySet<string> = new Set([OPTION_KEYS['pbkdf2-sha256'], ...SHARED_KEYS])

/**
 * Checks hasher options once, at construction, and fills in the defaults.
 *
 * @throws {ConfigError} `config_error`, listing every problem: unknown keys, wrong types,
 *   parameters out of bounds, or below the OWASP / ASVS minimums without `allowWeakParameters`
 */
export function resolvePasswordHasherOptions(
  options: PasswordHasherOptions = {},
): ResolvedPasswordHasherOptions {
  const problems = checkObject(options, TOP_LEVEL_KEYS)
  const algorithm = options.algorithm ?? 'argon2id'
  if (!isPasswordHashAlgorithm(algorithm))
    problems.push(`password hasher: algorithm must be one of ${PASSWORD_HASH_ALGORITHMS.join(', ')}`)
  const implementation = options.implementation ?? 'auto'
  if (implementation !== 'auto' && implementation !== 'portable')
    problems.push('password hasher: implementation must be "auto" or "portable"')
  const { allowWeak, maxConcurrent, maxQueue } = resolveShared(options, problems)

  const params: ParamsByAlgorithm = {
    argon2id: resolveParams('argon2id', options.argon2id, allowWeak, problems),
    scrypt: resolveParams('scrypt', options.scrypt, allowWeak, problems),
    'pbkdf2-sha256': resolveParams('pbkdf2-sha256', options.pbkdf2, allowWeak, problems),
  }

  if (problems.length > 0 || !isPasswordHashAlgorithm(algorithm)) throw new ConfigError(problems)
  return Object.freeze({
    algorithm,
    params: Object.freeze(params),
    implementation,
    maxConcurrent,
    maxQueue,
  })
}

/**
 * Checks the options of {@link createPbkdf2PasswordHasher} once, with the same rules and messages
 * as {@link resolvePasswordHasherOptions}; `algorithm` and `implementation` are unknown options there.
 *
 * @throws {ConfigError} `config_error`, listing every problem
 */
export function resolvePbkdf2PasswordHasherOptions(
  options: Pbkdf2PasswordHasherOptions = {},
): ResolvedPbkdf2PasswordHasherOptions {
  const problems = checkObject(options, PBKDF2_KEYS)
  const { allowWeak, maxConcurrent, maxQueue } = resolveShared(options, problems)
  const params = resolveParams('pbkdf2-sha256', options.pbkdf2, allowWeak, problems)
  if (problems.length > 0) throw new ConfigError(problems)
  return Object.freeze({ params, maxConcurrent, maxQueue })
}

/** Throws unless `options` is an object; returns one problem per key outside `known`. */
function checkObject(options: object, known: ReadonlySet<string>): string[] {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError(['password hasher options must be an object'])
  return Object.keys(options)
    .filter((key) => !known.has(key))
    .map((key) => `password hasher: unknown option "${key}"`)
}

/** The options both factories share, checked, with their defaults. */
function resolveShared(
  options: Pick<PasswordHasherOptions, (typeof SHARED_KEYS)[number]>,
  problems: string[],
): { allowWeak: boolean; maxConcurrent: number; maxQueue: number } {
  const allowWeak = options.allowWeakParameters ?? false
  if (typeof allowWeak !== 'boolean') problems.push('password hasher: allowWeakParameters must be a boolean')
  const maxConcurrent = options.maxConcurrent ?? 4
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 1024)
    problems.push('password hasher: maxConcurrent must be an integer in 1..1024')
  const maxQueue = options.maxQueue ?? 64
  if (!Number.isInteger(maxQueue) || maxQueue < 0 || maxQueue > 100_000)
    problems.push('password hasher: maxQueue must be an integer in 0..100000')
  return { allowWeak: allowWeak === true, maxConcurrent, maxQueue }
}

function resolveParams<A extends PasswordHashAlgorithm>(
  algorithm: A,
  given: Partial<ParamsByAlgorithm[A]> | undefined,
  allowWeak: boolean,
  problems: string[],
): ParamsByAlgorithm[A] {
  const spec: AlgorithmSpec<ParamsByAlgorithm[A]> = algorithmSpecs[algorithm]
  const prefix = `password hasher: ${OPTION_KEYS[algorithm]}.`
  if (given !== undefined && (typeof given !== 'object' || given === null)) {
    problems.push(`password hasher: ${OPTION_KEYS[algorithm]} must be an object`)
    return spec.defaults
  }
  const known: ReadonlyArray<string> = spec.keys
  for (const key of Object.keys(given ?? {}))
    if (!known.includes(key))
      problems.push(`${prefix}${key} is not a parameter (expected ${known.join(', ')})`)

  const params: ParamsByAlgorithm[A] = { ...spec.defaults, ...given }
  Object.freeze(params)
  const outOfBounds = spec.problems(params)
  problems.push(...outOfBounds.map((p) => prefix + p))
  if (outOfBounds.length === 0 && !allowWeak)
    problems.push(
      ...spec
        .weaknesses(params)
        .map((p) => `${prefix}${p} (OWASP / ASVS minimum; allowWeakParameters: true is for tests only)`),
    )
  return params
}
