import { type AlgorithmSpec, integerProblem } from './algorithm-spec.js'
import { type PhcFields, parsePhcDecimal } from './phc.js'

/**
 * PBKDF2-HMAC-SHA-256 cost parameters. The PHC string is
 * `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>`; a trailing `,l=<hash bytes>` (written by the
 * RustCrypto `pbkdf2` crate) is accepted on read when it matches the hash length.
 */
export interface Pbkdf2Sha256Params {
  /** Iterations (`i=`); default `600000` (OWASP, ASVS 5.0). */
  readonly iterations: number
}

const MAX_ITERATIONS = 10_000_000

/**
 * PBKDF2-HMAC-SHA-256: defaults, bounds and PHC encoding. It runs through WebCrypto
 * (`pbkdf2-sha256-engine.ts`) everywhere. Cloudflare Workers in production refuse more than
 * 100,000 iterations, which is below the minimum: do not configure PBKDF2 there.
 */
export const pbkdf2Sha256: AlgorithmSpec<Pbkdf2Sha256Params> = {
  id: 'pbkdf2-sha256',
  defaults: Object.freeze({ iterations: 600_000 }),
  keys: ['iterations'],

  problems(params) {
    const problem = integerProblem('iterations', params.iterations, 1, MAX_ITERATIONS)
    return problem === null ? [] : [problem]
  },

  weaknesses(params) {
    return params.iterations < 600_000 ? [`iterations ${params.iterations} is below 600000`] : []
  },

  fromPhc(fields) {
    if (fields.version !== null || fields.params.length < 1 || fields.params.length > 2) return null
    const [i, l] = fields.params
    if (i?.[0] !== 'i') return null
    if (l !== undefined && (l[0] !== 'l' || parsePhcDecimal(l[1]) !== fields.hash.byteLength)) return null
    const iterations = parsePhcDecimal(i[1])
    if (iterations === null) return null
    const params = { iterations }
    return pbkdf2Sha256.problems(params).length === 0 ? params : null
  },

  toPhc(params): Pick<PhcFields, 'version' | 'params'> {
    return { version: null, params: [['i', String(params.iterations)]] }
  },
}
