import { base64url, exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose'
import { randomToken } from '../../src/crypto/random.js'
import type { JwtAlgorithm } from '../../src/jwt/algorithms.js'
import { createJwtIssuer } from '../../src/jwt/create-jwt-issuer.js'
import { resolveJwtConfig } from '../../src/jwt/resolve-jwt-config.js'
import type { JwtIssuer, JwtKeyInput, JwtOptions } from '../../src/jwt/types.js'
import { createFakeClock, type FakeClock } from '../../src/testing/fake-clock.js'

export const ISSUER = 'https://auth.example.test'
export const AUDIENCE = 'https://api.example.test'
/** Where every fake clock starts: 2030-01-01T00:00:00Z. */
export const START = new Date('2030-01-01T00:00:00Z')
export const START_SECONDS = START.getTime() / 1000

export type AsymmetricAlgorithm = Exclude<JwtAlgorithm, 'HS256' | 'HS384' | 'HS512'>
export type HmacAlgorithm = Extract<JwtAlgorithm, 'HS256' | 'HS384' | 'HS512'>
export const ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA']
export const HMAC_ALGORITHMS: readonly HmacAlgorithm[] = ['HS256', 'HS384', 'HS512']

/** A key pair in every form the options accept. */
export interface TestKeyPair {
  alg: AsymmetricAlgorithm
  privatePem: string
  publicPem: string
  privateJwk: JsonWebKey
  publicJwk: JsonWebKey
  privateKey: CryptoKey
  publicKey: CryptoKey
}

/** A fresh key pair for `alg` (RSA: 2048 bits). */
export async function generateTestKeyPair(alg: AsymmetricAlgorithm): Promise<TestKeyPair> {
  const pair = await generateKeyPair(alg, { extractable: true })
  return {
    alg,
    privatePem: await exportPKCS8(pair.privateKey),
    publicPem: await exportSPKI(pair.publicKey),
    privateJwk: (await exportJWK(pair.privateKey)) as JsonWebKey,
    publicJwk: (await exportJWK(pair.publicKey)) as JsonWebKey,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
  }
}

/** A random HMAC secret long enough for every HS algorithm (64 bytes of base64url text, 384 bits). */
export function hmacSecret(): string {
  return randomToken(48)
}

/** A fake clock at {@link START} and an issuer over `keys` (development mode, so no keys is allowed). */
export function createTestIssuer<C extends object = Record<never, never>>(
  options: Partial<JwtOptions> = {},
): { jwt: JwtIssuer<C>; clock: FakeClock } {
  const clock = createFakeClock(START)
  const config = resolveJwtConfig({ issuer: ISSUER, audience: AUDIENCE, ...options }, { mode: 'development' })
  return { jwt: createJwtIssuer<C>(config, { clock }), clock }
}

/** base64url of the JSON of `value`, or of the string as is. */
export function encodeSegment(value: unknown): string {
  return base64url.encode(typeof value === 'string' ? value : JSON.stringify(value))
}

/** Valid claims at {@link START}, with overrides (an `undefined` override removes the claim). */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    iat: START_SECONDS,
    exp: START_SECONDS + 900,
    jti: 'jti-1',
    roles: ['member'],
    scopes: ['read'],
  }
  const merged = { ...base, ...overrides }
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name]
  return merged
}

const SIGN_PARAMS: Record<AsymmetricAlgorithm, AlgorithmIdentifier | RsaPssParams | EcdsaParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams,
  ES256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  EdDSA: { name: 'Ed25519' },
}

/**
 * Builds a compact JWS by hand, exactly as an attacker would: any header, any payload, and a
 * signature made with `signer` (raw bytes: HMAC-SHA-2 of that size; a CryptoKey: its algorithm),
 * or an empty signature when `signer` is null.
 */
export async function forgeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
  signer:
    | { hmac: Uint8Array | string; hash?: 'SHA-256' | 'SHA-384' | 'SHA-512' }
    | { key: CryptoKey; alg: AsymmetricAlgorithm }
    | null,
): Promise<string> {
  const input = `${encodeSegment(header)}.${encodeSegment(payload)}`
  if (signer === null) return `${input}.`
  const data = new TextEncoder().encode(input)
  let signature: ArrayBuffer
  if ('hmac' in signer) {
    const raw =
      typeof signer.hmac === 'string' ? new TextEncoder().encode(signer.hmac) : new Uint8Array(signer.hmac)
    const key = await crypto.subtle.importKey(
      'raw',
      raw,
      { name: 'HMAC', hash: signer.hash ?? 'SHA-256' },
      false,
      ['sign'],
    )
    signature = await crypto.subtle.sign('HMAC', key, data)
  } else {
    signature = await crypto.subtle.sign(SIGN_PARAMS[signer.alg], signer.key, data)
  }
  return `${input}.${base64url.encode(new Uint8Array(signature))}`
}

/** A key input for `pair`, in PEM form. */
export function pemKey(kid: string, pair: TestKeyPair, extra: Partial<JwtKeyInput> = {}): JwtKeyInput {
  return { kid, alg: pair.alg, privateKey: pair.privatePem, ...extra }
}

/** A logger that keeps its warnings, for assertions. */
export function recordingLogger(): { warn(message: string): void; warnings: string[] } {
  const warnings: string[] = []
  return { warnings, warn: (message) => warnings.push(message) }
}

/** The SPKI PEM of a fresh 1024-bit RSA key: too small to be accepted (jose's generator refuses to make one). */
export async function weakRsaPublicPem(): Promise<string> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )
  return exportSPKI(pair.publicKey)
}
