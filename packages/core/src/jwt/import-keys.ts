import { base64url, CompactSign, compactVerify } from 'jose'
import { ConfigError } from '../errors/errors.js'
import { ALGORITHM_SPECS, type JwtAlgorithm, MIN_RSA_MODULUS_BITS } from './algorithms.js'
import type { GeneratedJwtKey, JsonWebKeySet, PublicJwk, ResolvedJwtConfig, ResolvedJwtKey } from './types.js'
import {
  type AsymmetricAlgorithm,
  exportJwk,
  generateEd25519KeyPair,
  importJwkKey,
  pemToJwk,
} from './web-crypto-keys.js'

/** A key ready for verification: its pinned algorithm and its imported `CryptoKey`. */
export interface VerificationKey {
  readonly kid: string
  readonly alg: JwtAlgorithm
  readonly key: CryptoKey
}

/** Every configured key imported once: the signing key, the verification keys by `kid`, the JWKS. */
export interface KeyRing {
  readonly signing: VerificationKey
  readonly verification: ReadonlyMap<string, VerificationKey>
  readonly jwks: JsonWebKeySet
  readonly generated: GeneratedJwtKey | null
}

const PUBLIC_MEMBERS: Readonly<Record<'RSA' | 'EC' | 'OKP', readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
}
const PRIVATE_MEMBERS: Readonly<Record<'RSA' | 'EC' | 'OKP', readonly string[]>> = {
  RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['d'],
  OKP: ['d'],
}

interface ImportedKey {
  verify: VerificationKey
  sign: CryptoKey | null
  publicJwk: PublicJwk | null
  generated: GeneratedJwtKey | null
}

/**
 * Imports every configured key as a `CryptoKey`, once (the caller memoises the promise): the
 * private half of the signing key, a verification key per `kid` (the public half of asymmetric
 * keys, derived from the private key when only that was given) and the public JWKS. A key that
 * cannot be imported, an RSA modulus under 2048 bits, or a private/public pair that do not
 * belong together is a configuration error.
 *
 * @param config - from {@link resolveJwtConfig}
 * @returns the key ring
 * @throws {ConfigError} listing every key that failed
 * @example
 * ```ts
 * const ring = await importKeyRing(resolveJwtConfig(options, { mode: 'production' }))
 * ring.verification.get('2026-06')?.alg // 'EdDSA'
 * ```
 */
export async function importKeyRing(config: ResolvedJwtConfig): Promise<KeyRing> {
  const results = await Promise.all(
    config.keys.map(async (key, index) => {
      try {
        return await importKey(key)
      } catch (error) {
        const reason = error instanceof KeyProblem ? error.message : describeImportError(error)
        return `jwt.keys[${index}] (kid "${key.kid}"): ${reason}`
      }
    }),
  )
  const problems = results.filter((result): result is string => typeof result === 'string')
  if (problems.length > 0) throw new ConfigError(problems)
  const imported = results as ImportedKey[]
  const verification = new Map<string, VerificationKey>()
  let signing: VerificationKey | null = null
  let generated: GeneratedJwtKey | null = null
  const keys: PublicJwk[] = []
  imported.forEach((entry, index) => {
    const resolved = config.keys[index]!
    verification.set(entry.verify.kid, entry.verify)
    if (entry.publicJwk) keys.push(entry.publicJwk)
    if (resolved.use === 'sign' && entry.sign)
      signing = { kid: resolved.kid, alg: resolved.alg, key: entry.sign }
    if (entry.generated) generated = entry.generated
  })
  if (!signing) throw new ConfigError([`jwt.keys: the signing key "${config.signingKid}" cannot sign`])
  return Object.freeze({
    signing,
    verification,
    jwks: Object.freeze({ keys: keys.map((jwk) => Object.freeze(jwk)) }) as JsonWebKeySet,
    generated,
  })
}

/** A problem with one key, said in words that never include key material. */
class KeyProblem extends Error {}

function describeImportError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return `cannot be imported (${message.slice(0, 200)})`
}

async function importKey(key: ResolvedJwtKey): Promise<ImportedKey> {
  if (key.source === 'secret') {
    const hash = `SHA-${key.alg.slice(2)}`
    const raw =
      typeof key.secret === 'string'
        ? new TextEncoder().encode(key.secret)
        : new Uint8Array(base64url.decode(String(key.secret.k)))
    const cryptoKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash }, false, [
      'sign',
      'verify',
    ])
    return {
      verify: { kid: key.kid, alg: key.alg, key: cryptoKey },
      sign: cryptoKey,
      publicJwk: null,
      generated: null,
    }
  }
  if (key.source === 'generated') {
    const pair = await generateEd25519KeyPair()
    const privateJwk = await exportJwk(pair.privateKey)
    const publicMembers = pick(privateJwk, PUBLIC_MEMBERS.OKP)
    return {
      verify: { kid: key.kid, alg: key.alg, key: pair.publicKey },
      sign: pair.privateKey,
      publicJwk: toPublicJwk('OKP', key.kid, key.alg, publicMembers),
      generated: Object.freeze({
        kid: key.kid,
        alg: 'EdDSA',
        privateKey: Object.freeze({ kty: 'OKP', ...publicMembers, d: String(privateJwk.d) }),
      }),
    }
  }
  const kty = ALGORITHM_SPECS[key.alg].kty as 'RSA' | 'EC' | 'OKP'
  const alg = key.alg as AsymmetricAlgorithm
  let signKey: CryptoKey | null = null
  let derived: Record<string, unknown> = {}
  if (key.privateKey !== undefined) {
    // A PEM is read as a checked JWK first, so both forms take one import path.
    const given =
      typeof key.privateKey === 'string'
        ? await pemToJwk(key.privateKey, alg, 'sign')
        : (key.privateKey as Record<string, unknown>)
    const jwk = { kty, ...pick(given, [...PUBLIC_MEMBERS[kty], ...PRIVATE_MEMBERS[kty]]) }
    signKey = await importJwkKey(jwk, alg, 'sign')
    derived = pick(jwk, PUBLIC_MEMBERS[kty])
  }
  const publicMembers =
    typeof key.publicKey === 'string'
      ? await pemToJwk(key.publicKey, alg, 'verify')
      : key.publicKey === undefined
        ? derived
        : (key.publicKey as Record<string, unknown>)
  const verifyKey = await importJwkKey(
    { kty, ...pick(publicMembers, PUBLIC_MEMBERS[kty]) },
    alg,
    'verify',
    true,
  )
  if (kty === 'RSA') checkModulus(verifyKey)
  if (signKey && key.publicKey !== undefined) await checkPair(key.alg, signKey, verifyKey)
  const published = await exportJwk(verifyKey)
  return {
    verify: { kid: key.kid, alg: key.alg, key: verifyKey },
    sign: signKey,
    publicJwk: toPublicJwk(kty, key.kid, key.alg, published),
    generated: null,
  }
}

/** Signs a probe with the private key and verifies it with the public one: both must be one pair. */
async function checkPair(alg: JwtAlgorithm, signKey: CryptoKey, verifyKey: CryptoKey): Promise<void> {
  const probe = await new CompactSign(new TextEncoder().encode('portcullis key pair check'))
    .setProtectedHeader({ alg })
    .sign(signKey)
  try {
    await compactVerify(probe, verifyKey, { algorithms: [alg] })
  } catch {
    throw new KeyProblem('privateKey and publicKey are not a pair')
  }
}

function checkModulus(key: CryptoKey): void {
  const { modulusLength } = key.algorithm as RsaHashedKeyAlgorithm
  if (typeof modulusLength !== 'number' || modulusLength < MIN_RSA_MODULUS_BITS)
    throw new KeyProblem(
      `the RSA modulus is ${modulusLength} bits; at least ${MIN_RSA_MODULUS_BITS} are required`,
    )
}

function pick(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {}
  for (const name of names) if (source[name] !== undefined) picked[name] = source[name]
  return picked
}

/** The published form of a public key: only the public members, by allow-list. */
function toPublicJwk(
  kty: 'RSA' | 'EC' | 'OKP',
  kid: string,
  alg: JwtAlgorithm,
  members: Record<string, unknown>,
): PublicJwk {
  const jwk: PublicJwk = { kty, kid, alg, use: 'sig' }
  for (const name of PUBLIC_MEMBERS[kty]) {
    const value = members[name]
    if (typeof value !== 'string') throw new KeyProblem(`the public key lacks "${name}"`)
    if (name === 'n' || name === 'e' || name === 'crv' || name === 'x' || name === 'y') jwk[name] = value
  }
  return jwk
}
