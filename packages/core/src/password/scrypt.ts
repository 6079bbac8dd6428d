import { type AlgorithmSpec, collectProblems, integerProblem } from './algorithm-spec.js'
import { type PhcFields, parsePhcDecimal } from './phc.js'

/**
 * scrypt cost parameters (RFC 7914). The PHC string is the one passlib and the RustCrypto
 * `scrypt` crate write: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N (`ln=`); default `17` (N = 131072). */
  readonly logN: number
  /** Block size (`r=`); default `8`. Memory is 128 × N × r bytes (128 MiB by default). */
  readonly r: number
  /** Parallelisation (`p=`); default `1`. */
  readonly p: number
}

/** Bounds for options and stored hashes: at most 1 GiB of memory, p ≤ 16. */
const MAX_MEMORY_BYTES = 2 ** 30

/** OWASP Password Storage CS and ASVS 5.0 App. C, the stricter of the two: r ≥ 8 and N by p. */
function minimumLogN(p: number): number {
  if (p <= 1) return 17
  if (p === 2) return 16
  return 15
}

/** scrypt: defaults, bounds and PHC encoding. The portable implementation is in `scrypt-engine.ts`. */
export const scrypt: AlgorithmSpec<ScryptParams> = {
  id: 'scrypt',
  defaults: Object.freeze({ logN: 17, r: 8, p: 1 }),
  keys: ['logN', 'r', 'p'],

  problems(params) {
    const problems = collectProblems(
      integerProblem('logN', params.logN, 1, 24),
      integerProblem('r', params.r, 1, 32),
      integerProblem('p', params.p, 1, 16),
    )
    if (problems.length === 0 && 128 * params.r * 2 ** params.logN > MAX_MEMORY_BYTES)
      problems.push('128 × 2^logN × r must not exceed 1 GiB')
    return problems
  },

  weaknesses(params) {
    const weaknesses: string[] = []
    if (params.r < 8) weaknesses.push(`r ${params.r} is below 8`)
    const minimum = minimumLogN(params.p)
    if (params.logN < minimum) weaknesses.push(`logN ${params.logN} is below ${minimum} for p ${params.p}`)
    return weaknesses
  },

  fromPhc(fields) {
    if (fields.version !== null || fields.params.length !== 3) return null
    const [ln, r, p] = fields.params
    if (ln?.[0] !== 'ln' || r?.[0] !== 'r' || p?.[0] !== 'p') return null
    const logN = parsePhcDecimal(ln[1])
    const blockSize = parsePhcDecimal(r[1])
    const parallelism = parsePhcDecimal(p[1])
    if (logN === null || blockSize === null || parallelism === null) return null
    const params = { logN, r: blockSize, p: parallelism }
    return scrypt.problems(params).length === 0 ? params : null
  },

  toPhc(params): Pick<PhcFields, 'version' | 'params'> {
    return {
      version: null,
      params: [
        ['ln', String(params.logN)],
        ['r', String(params.r)],
        ['p', String(params.p)],
      ],
    }
  },
}

/** Working memory scrypt needs, in bytes, with a little slack: the `maxmem` to give an implementation. */
export function scryptMemoryBytes(params: ScryptParams): number {
  return 128 * params.r * (2 ** params.logN + params.p + 2)
}
