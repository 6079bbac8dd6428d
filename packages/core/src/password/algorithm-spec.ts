import type { PhcFields } from './phc.js'

/**
 * A key-derivation function over raw bytes: the password (UTF-8), the salt, the cost
 * parameters and the output length in bytes. Always asynchronous, so that a portable
 * implementation can yield to the event loop and a native one can run off the main thread.
 */
export type RawKdf<P> = (
  password: Uint8Array,
  salt: Uint8Array,
  params: P,
  hashBytes: number,
) => Promise<Uint8Array>

/**
 * What core knows about one password-hashing algorithm: its defaults, the sane bounds of its
 * parameters, the OWASP/ASVS minimums and its PHC encoding. No key derivation: the
 * implementations live in their own modules (`argon2id-engine.ts`, `scrypt-engine.ts`,
 * `pbkdf2-sha256-engine.ts`, `native/*`), so that a bundle holds only the ones its hasher uses.
 * Internal: one instance per algorithm, in `argon2id.ts`, `scrypt.ts` and `pbkdf2-sha256.ts`.
 */
export interface AlgorithmSpec<P> {
  /** The PHC id. */
  readonly id: string
  /** The parameters used when the options give none (OWASP Password Storage Cheat Sheet). */
  readonly defaults: P
  /** The parameter names, to reject unknown option keys. */
  readonly keys: ReadonlyArray<keyof P & string>
  /**
   * Parameters that are not integers or fall outside the bounds core accepts at all (also for
   * stored hashes, so that a stored value cannot make one verify cost minutes or gigabytes).
   * Empty when fine.
   */
  problems(params: P): string[]
  /** Why the parameters fall below the OWASP / ASVS 5.0 minimums (SECURITY.md §1.2); empty when they meet them. */
  weaknesses(params: P): string[]
  /** The parameters of a parsed PHC string with this id, or `null` when absent, extra or out of bounds. */
  fromPhc(fields: PhcFields): P | null
  /** The `v=` field and the parameter list to write. */
  toPhc(params: P): Pick<PhcFields, 'version' | 'params'>
}

/** `"<name> must be an integer in <min>..<max>"` when `value` is not, else `null`. */
export function integerProblem(name: string, value: unknown, min: number, max: number): string | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? null
    : `${name} must be an integer in ${min}..${max}`
}

/** The non-null problems among `candidates`. */
export function collectProblems(...candidates: Array<string | null>): string[] {
  return candidates.filter((p): p is string => p !== null)
}
