import { decodeBase64 } from '@oslojs/encoding'
import { ALGORITHM_SPECS, type JwtAlgorithm } from './algorithms.js'

/** The asymmetric algorithms, whose keys are imported here (HMAC secrets are raw bytes). */
export type AsymmetricAlgorithm = Exclude<JwtAlgorithm, 'HS256' | 'HS384' | 'HS512'>

/** The WebCrypto import parameters of each asymmetric algorithm (RFC 7518 §3.3–3.5, RFC 8037). */
const IMPORT_PARAMS: Readonly<
  Record<AsymmetricAlgorithm, RsaHashedImportParams | EcKeyImportParams | Algorithm>
> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  EdDSA: { name: 'Ed25519' },
}

/** A private (`sign`) or public (`verify`) key. */
type KeyUse = 'sign' | 'verify'

/**
 * Imports a JWK as a `CryptoKey` bound to `alg`, straight through WebCrypto, after checking its
 * `kty` and `crv` against the algorithm. Pass only the members you mean to import.
 *
 * @throws {TypeError} when the key type or curve does not fit `alg`; WebCrypto's error for bad members
 */
export async function importJwkKey(
  jwk: Record<string, unknown>,
  alg: AsymmetricAlgorithm,
  use: KeyUse,
  extractable = false,
): Promise<CryptoKey> {
  assertKeyType(jwk, alg)
  return crypto.subtle.importKey('jwk', jwk as JsonWebKey, IMPORT_PARAMS[alg], extractable, [use])
}

/**
 * Reads a PEM key as a JWK: `PRIVATE KEY` (PKCS#8) for `sign`, `PUBLIC KEY` (SPKI) for `verify`.
 * The armour must be exactly that label; the body is strict base64 (whitespace between lines
 * allowed). The JWK's `kty` and `crv` are checked against `alg`: workerd imports an EC PKCS#8 key
 * as `Ed25519` without complaint (and fails only when the key is used), so the check does not
 * rely on the runtime's own. Import the result with {@link importJwkKey}.
 *
 * @throws {TypeError} when the text is not such a PEM or the key does not fit `alg`; WebCrypto's error for a bad DER
 */
export async function pemToJwk(
  pem: string,
  alg: AsymmetricAlgorithm,
  use: KeyUse,
): Promise<Record<string, unknown>> {
  const label = use === 'sign' ? 'PRIVATE KEY' : 'PUBLIC KEY'
  const der = decodePem(pem, label)
  if (!der)
    throw new TypeError(`expected a ${use === 'sign' ? 'PKCS#8' : 'SPKI'} PEM ("-----BEGIN ${label}-----")`)
  const key = await crypto.subtle.importKey(
    use === 'sign' ? 'pkcs8' : 'spki',
    der,
    IMPORT_PARAMS[alg],
    true,
    [use],
  )
  let jwk: Record<string, unknown>
  try {
    jwk = await exportJwk(key)
  } catch {
    throw new TypeError(`the key does not fit ${alg}`)
  }
  assertKeyType(jwk, alg)
  return jwk
}

/** {@link pemToJwk}, then {@link importJwkKey}: a PEM key as a `CryptoKey` bound to `alg`. */
export async function importPemKey(
  pem: string,
  alg: AsymmetricAlgorithm,
  use: KeyUse,
  extractable = false,
): Promise<CryptoKey> {
  return importJwkKey(await pemToJwk(pem, alg, use), alg, use, extractable)
}

/** Checks a JWK's `kty` (and `crv` for EC and OKP) against what `alg` needs. */
function assertKeyType(jwk: Record<string, unknown>, alg: AsymmetricAlgorithm): void {
  const { kty, crv } = ALGORITHM_SPECS[alg]
  if (jwk.kty !== kty || (crv !== undefined && jwk.crv !== crv))
    throw new TypeError(`the key does not fit ${alg} (expected kty ${kty}${crv ? ` and crv ${crv}` : ''})`)
}

/** The JWK members of a key imported as extractable. */
export async function exportJwk(key: CryptoKey): Promise<Record<string, unknown>> {
  return (await crypto.subtle.exportKey('jwk', key)) as Record<string, unknown>
}

/** A new Ed25519 key pair for `EdDSA`, extractable (a development key is handed back to persist). */
export function generateEd25519KeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as Promise<CryptoKeyPair>
}

function decodePem(pem: string, label: string): Uint8Array<ArrayBuffer> | null {
  const match = new RegExp(
    `^\\s*-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----\\s*$`,
  ).exec(pem)
  if (!match) return null
  try {
    const der = new Uint8Array(decodeBase64(match[1]!.replace(/\s+/g, '')))
    return der.byteLength > 0 ? der : null
  } catch {
    return null
  }
}
