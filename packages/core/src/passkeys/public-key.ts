import { decodeCBORToNativeValueNoLeftoverBytes } from '@oslojs/cbor'
import { ECDSAPublicKey, p256 } from '@oslojs/crypto/ecdsa'
import { RSAPublicKey } from '@oslojs/crypto/rsa'
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
  let algorithm: number
  try {
    const decoded = decodeCBORToNativeValueNoLeftoverBytes(cose, 4)
    if (
      typeof decoded !== 'object' ||
      decoded === null ||
      Array.isArray(decoded) ||
      decoded instanceof Uint8Array
    )
      return { ok: false, reason: 'invalid_public_key' }
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
      const { curve, x, y } = key.ec2()
      if (curve !== coseEllipticCurveP256) return { ok: false, reason: 'unsupported_algorithm' }
      const point = new ECDSAPublicKey(p256, x, y).encodeSEC1Uncompressed()
      const imported = await crypto.subtle.importKey(
        'raw',
        new Uint8Array(point),
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
      const { n, e } = key.rsa()
      const spki = new RSAPublicKey(n, e).encodePKIX()
      const imported = await crypto.subtle.importKey(
        'spki',
        new Uint8Array(spki),
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
