import { coseAlgorithmEdDSA, coseAlgorithmES256, coseAlgorithmRS256 } from '@oslojs/webauthn'

/** COSE algorithm identifier of ECDSA P-256 with SHA-256 (`-7`). */
export const COSE_ES256 = coseAlgorithmES256
/** COSE algorithm identifier of EdDSA; only Ed25519 is accepted (`-8`). */
export const COSE_EDDSA = coseAlgorithmEdDSA
/** COSE algorithm identifier of RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys (`-257`). */
export const COSE_RS256 = coseAlgorithmRS256

/** The COSE algorithms a passkey may use, in the order offered to the browser (most preferred first). */
export const PASSKEY_ALGORITHMS: readonly number[] = [COSE_ES256, COSE_EDDSA, COSE_RS256]

/** True when `algorithm` is one of {@link PASSKEY_ALGORITHMS}. */
export function isPasskeyAlgorithm(algorithm: unknown): algorithm is number {
  return typeof algorithm === 'number' && PASSKEY_ALGORITHMS.includes(algorithm)
}

/**
 * Checks an allow-list given by the caller: a non-empty subset of {@link PASSKEY_ALGORITHMS}.
 * Throws a TypeError otherwise (a configuration mistake, not a user input).
 */
export function checkAlgorithmList(algorithms: readonly number[], where: string): ReadonlySet<number> {
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    throw new TypeError(`${where}: algorithms must be a non-empty list`)
  for (const algorithm of algorithms)
    if (!isPasskeyAlgorithm(algorithm))
      throw new TypeError(`${where}: algorithm ${String(algorithm)} is not supported (use -7, -8 or -257)`)
  return new Set(algorithms)
}
