/** Every JWS algorithm Portcullis signs or verifies access tokens with. Nothing else is ever accepted. */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const

/** One of {@link JWT_ALGORITHMS}. Each configured key is bound to exactly one of them (RFC 8725 §3.1). */
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number]

/**
 * True when `value` is exactly (case-sensitively) one of {@link JWT_ALGORITHMS}. An allow-list,
 * not a block-list: `none`, `NONE` and `nOnE` are simply not in it (RFC 8725bis "noNE").
 *
 * @param value - anything, typically a token header's `alg`
 * @returns whether it names a supported algorithm
 * @example
 * ```ts
 * isJwtAlgorithm('ES256') // true
 * isJwtAlgorithm('none') // false
 * ```
 */
export function isJwtAlgorithm(value: unknown): value is JwtAlgorithm {
  return typeof value === 'string' && (JWT_ALGORITHMS as readonly string[]).includes(value)
}

/** The key family an algorithm needs. */
export type KeyFamily = 'hmac' | 'rsa' | 'ec' | 'okp'

/** What an algorithm needs from its key. */
export interface AlgorithmSpec {
  family: KeyFamily
  /** JWK `kty` of the key. */
  kty: 'oct' | 'RSA' | 'EC' | 'OKP'
  /** JWK `crv`, for EC and OKP keys. */
  crv?: 'P-256' | 'Ed25519'
  /** HMAC only: the shortest secret, in bytes, i.e. the hash output size (RFC 7518 §3.2, JWT-7). */
  minSecretBytes?: number
}

/** The key requirements of every supported algorithm, checked when options are read. */
export const ALGORITHM_SPECS: Readonly<Record<JwtAlgorithm, AlgorithmSpec>> = Object.freeze({
  HS256: { family: 'hmac', kty: 'oct', minSecretBytes: 32 },
  HS384: { family: 'hmac', kty: 'oct', minSecretBytes: 48 },
  HS512: { family: 'hmac', kty: 'oct', minSecretBytes: 64 },
  RS256: { family: 'rsa', kty: 'RSA' },
  PS256: { family: 'rsa', kty: 'RSA' },
  ES256: { family: 'ec', kty: 'EC', crv: 'P-256' },
  EdDSA: { family: 'okp', kty: 'OKP', crv: 'Ed25519' },
})

/** Smallest RSA modulus accepted, in bits (jose refuses smaller for RS and PS algorithms). */
export const MIN_RSA_MODULUS_BITS = 2048
