import { type AlgorithmSpec, collectProblems, integerProblem } from './algorithm-spec.js'
import { type PhcFields, parsePhcDecimal } from './phc.js'

/** Argon2id cost parameters (RFC 9106), as written in the PHC string (`m=`, `t=`, `p=`). */
export interface Argon2idParams {
  /** Memory in KiB (`m=`, the unit @node-rs/argon2 and Bun.password also use); default `19456` (19 MiB). */
  readonly memoryCost: number
  /** Passes over memory (`t=`); default `2`. */
  readonly timeCost: number
  /** Lanes (`p=`); default `1`. The memory above is shared by all lanes. */
  readonly parallelism: number
}

/** The only Argon2 version core writes and reads (`v=19`, 0x13). */
export const ARGON2_VERSION = 0x13
/** Bounds for options and stored hashes: 1 GiB of memory, 64 passes, 16 lanes. */
export const MAX_MEMORY_KIB = 1_048_576
const MAX_TIME_COST = 64
export const MAX_PARALLELISM = 16

/**
 * OWASP Password Storage CS and ASVS 5.0 App. C, the stricter of the two: t=1 needs m ≥ 47104,
 * t=2 needs m ≥ 19456, t ≥ 3 needs m ≥ 12288 KiB.
 */
function minimumMemoryKiB(timeCost: number): number {
  if (timeCost <= 1) return 47_104
  if (timeCost === 2) return 19_456
  return 12_288
}

/** Argon2id, v=19: defaults, bounds and PHC encoding. The portable implementation is in `argon2id-engine.ts`. */
export const argon2id: AlgorithmSpec<Argon2idParams> = {
  id: 'argon2id',
  defaults: Object.freeze({ memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  keys: ['memoryCost', 'timeCost', 'parallelism'],

  problems(params) {
    const problems = collectProblems(
      integerProblem('memoryCost', params.memoryCost, 8, MAX_MEMORY_KIB),
      integerProblem('timeCost', params.timeCost, 1, MAX_TIME_COST),
      integerProblem('parallelism', params.parallelism, 1, MAX_PARALLELISM),
    )
    if (problems.length === 0 && params.memoryCost < 8 * params.parallelism)
      problems.push('memoryCost must be at least 8 × parallelism')
    return problems
  },

  weaknesses(params) {
    const minimum = minimumMemoryKiB(params.timeCost)
    return params.memoryCost < minimum
      ? [`memoryCost ${params.memoryCost} is below ${minimum} for timeCost ${params.timeCost}`]
      : []
  },

  fromPhc(fields) {
    if (fields.version !== ARGON2_VERSION || fields.params.length !== 3) return null
    const [m, t, p] = fields.params
    if (m?.[0] !== 'm' || t?.[0] !== 't' || p?.[0] !== 'p') return null
    const memoryCost = parsePhcDecimal(m[1])
    const timeCost = parsePhcDecimal(t[1])
    const parallelism = parsePhcDecimal(p[1])
    if (memoryCost === null || timeCost === null || parallelism === null) return null
    const params = { memoryCost, timeCost, parallelism }
    return argon2id.problems(params).length === 0 ? params : null
  },

  toPhc(params): Pick<PhcFields, 'version' | 'params'> {
    return {
      version: ARGON2_VERSION,
      params: [
        ['m', String(params.memoryCost)],
        ['t', String(params.timeCost)],
        ['p', String(params.parallelism)],
      ],
    }
  },
}
