import { decodeBase64 } from '@oslojs/encoding'
import type { JwtAlgorithm } from './algorithms.js'

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
 * Imports a JWK as a `CryptoKey` bound to `alg`, straight through WebCrypto (which checks the
 * members against the algorithm and curve). Pass only the members you mean to import.
 */
export function importJwkKey(
  jwk: Record<string, unknown>,
  alg: AsymmetricAlgorithm,
  use: KeyUse,
  extractable = false,
): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', jwk as JsonWebKey, IMPORT_PARAMS[alg], extractable, [use])
}

/**
 * Imports a PEM key: `PRIVATE KEY` (PKCS#8) for `sign`, `PUBLIC KEY` (SPKI) for `verify`. The
 * armour must be exactly that label; the body is strict base64 (whitespace between lines allowed).
 *
 * @throws {TypeError} when the text is not such a PEM; WebCrypto's error when the DER does not fit `alg`
 */
export async function importPemKey(
  pem: string,
  alg: AsymmetricAlgorithm,
  use: KeyUse,
  extractable = false,
): Promise<CryptoKey> {
  const label = use === 'sign' ? 'PRIVATE KEY' : 'PUBLIC KEY'
  const der = decodePem(pem, label)
  if (!der)
    throw new TypeError(`expected a ${use === 'sign' ? 'PKCS#8' : 'SPKI'} PEM ("-----BEGIN ${label}-----")`)
  return crypto.subtle.importKey(use === 'sign' ? 'pkcs8' : 'spki', der, IMPORT_PARAMS[alg], extractable, [
    use,
  ])
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
