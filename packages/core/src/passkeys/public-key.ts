import { decodeCBORToNativeValueNoLeftoverBytes } from '@oslojs/cbor'
import { encodeBase64urlNoPadding } from '@oslojs/encoding'
import { COSEKeyType, COSEPublicKey, coseEllipticCurveEd25519, coseEllipticCurveP256 } from '@oslojs/webauthn'
import { COSE_EDDSA, COSE_ES256, COSE_RS256 } from './algorithms.js'
import { derSignatureToRaw } from './der-signature.js'

/** A credential public key imported for WebCrypto verification. */
export interface PasskeyVerificationKey {
  /** COSE algorithm: -7, -8 or -257. */
  algorithm: number
  key: CryptoKey
}

/** The outcome of {@link importCoseKey}. */
export type ImportCoseKeyResult =
  | { ok: true; key: PasskeyVerificationKey }
  | { ok: false; reason: 'unsupported_algorithm' | 'invalid_public_key' }

/**
 * Decodes a COSE_Key (CBOR, no trailing bytes) with @oslojs/webauthn and imports it into WebCrypto.
 * The key must name its algorithm, the algorithm must be in `allowed`, and the key type must fit
 * it: ES256 an EC2 key on P-256, EdDSA an OKP key on Ed25519, RS256 a 2048-bit RSA key. A key
 * carrying a private part (`d`) is refused. WebCrypto's import refuses points off the curve.
 * Never throws.
 */
export async function importCoseKey(
  cose: Uint8Array,
  allowed: ReadonlySet<number>,
): Promise<ImportCoseKeyResult> {
  let key: COSEPublicKey
  let decoded: Record<string, unknown>
  let algorithm: number
  try {
    const value = decodeCBORToNativeValueNoLeftoverBytes(cose, 4)
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array)
      return { ok: false, reason: 'invalid_public_key' }
    decoded = value as Record<string, unknown>
    if ('-4' in decoded) return { ok: false, reason: 'invalid_public_key' }
    key = new COSEPublicKey(decoded)
    if (!key.isAlgorithmDefined()) return { ok: false, reason: 'unsupported_algorithm' }
    algorithm = key.algorithm()
  } catch {
    return { ok: false, reason: 'invalid_public_key' }
  }
  if (!allowed.has(algorithm)) return { ok: false, reason: 'unsupported_algorithm' }
  try {
    const type = key.type()
    if (algorithm === COSE_ES256) {
      if (type !== COSEKeyType.EC2) return { ok: false, reason: 'unsupported_algorithm' }
      // ec2() checks kty and that x and y are 32-byte strings; the point is built from those bytes
      // (not from its bigints: @oslojs/crypto 1.0.1 encodeSEC1Uncompressed does not left-pad y).
      if (key.ec2().curve !== coseEllipticCurveP256) return { ok: false, reason: 'unsupported_algorithm' }
      const point = concatPoint(decoded['-2'] as Uint8Array, decoded['-3'] as Uint8Array)
      const imported = await crypto.subtle.importKey(
        'raw',
        point,
        { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['verify'],
      )
      return { ok: true, key: { algorithm, key: imported } }
    }
    if (algorithm === COSE_EDDSA) {
      if (type !== COSEKeyType.OKP) return { ok: false, reason: 'unsupported_algorithm' }
      const { curve, x } = key.okp()
      if (curve !== coseEllipticCurveEd25519) return { ok: false, reason: 'unsupported_algorithm' }
      if (x.byteLength !== 32) return { ok: false, reason: 'invalid_public_key' }
      const imported = await crypto.subtle.importKey('raw', new Uint8Array(x), { name: 'Ed25519' }, false, [
        'verify',
      ])
      return { ok: true, key: { algorithm, key: imported } }
    }
    if (algorithm === COSE_RS256) {
      if (type !== COSEKeyType.RSA) return { ok: false, reason: 'unsupported_algorithm' }
      key.rsa() // checks kty, n (256 bytes) and e (3 bytes)
      const jwk: JsonWebKey = {
        kty: 'RSA',
        n: encodeBase64urlNoPadding(decoded['-1'] as Uint8Array),
        e: encodeBase64urlNoPadding(decoded['-2'] as Uint8Array),
      }
      const imported = await crypto.subtle.importKey(
        'jwk',
        jwk,
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        false,
        ['verify'],
      )
      return { ok: true, key: { algorithm, key: imported } }
    }
  } catch {
    return { ok: false, reason: 'invalid_public_key' }
  }
  return { ok: false, reason: 'unsupported_algorithm' }
}

/** The uncompressed SEC1 point `04 || x || y`. */
function concatPoint(x: Uint8Array, y: Uint8Array): Uint8Array<ArrayBuffer> {
  const point = new Uint8Array(1 + x.byteLength + y.byteLength)
  point[0] = 0x04
  point.set(x, 1)
  point.set(y, 1 + x.byteLength)
  return point
}

/**
 * Verifies a WebAuthn signature (an assertion's, or a `packed` self-attestation's) over `message`
 * with WebCrypto: ES256 takes a strict DER signature, EdDSA 64 raw bytes, RS256 PKCS#1 v1.5.
 * Never throws; a signature that does not decode is simply invalid.
 */
export async function verifyPasskeySignature(
  key: PasskeyVerificationKey,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean> {
  const data = new Uint8Array(message)
  try {
    if (key.algorithm === COSE_ES256) {
      const raw = derSignatureToRaw(signature)
      if (!raw) return false
      return await crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        key.key,
        new Uint8Array(raw),
        data,
      )
    }
    if (key.algorithm === COSE_EDDSA) {
      if (signature.byteLength !== 64) return false
      return await crypto.subtle.verify({ name: 'Ed25519' }, key.key, new Uint8Array(signature), data)
    }
    if (key.algorithm === COSE_RS256)
      return await crypto.subtle.verify(
        { name: 'RSASSA-PKCS1-v1_5' },
        key.key,
        new Uint8Array(signature),
        data,
      )
  } catch {
    return false
  }
  return false
}
