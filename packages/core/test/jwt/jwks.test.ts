import { createLocalJWKSet, jwtVerify } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JsonWebKeySet } from '../../src/jwt/types.js'
import {
  ASYMMETRIC_ALGORITHMS,
  AUDIENCE,
  createTestIssuer,
  generateTestKeyPair,
  hmacSecret,
  ISSUER,
  START,
  type TestKeyPair,
} from './helpers.js'

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv']
const pairs: Partial<Record<(typeof ASYMMETRIC_ALGORITHMS)[number], TestKeyPair>> = {}

beforeAll(async () => {
  for (const alg of ASYMMETRIC_ALGORITHMS) pairs[alg] = await generateTestKeyPair(alg)
})

function allKeysIssuer(secret = hmacSecret()) {
  const { RS256, PS256, ES256, EdDSA } = pairs as Record<string, TestKeyPair>
  return createTestIssuer({
    keys: [
      { kid: 'hs', alg: 'HS256', secret },
      { kid: 'rs-pem', alg: 'RS256', privateKey: RS256!.privatePem },
      { kid: 'ps-jwk', alg: 'PS256', privateKey: PS256!.privateJwk },
      { kid: 'es-pair', alg: 'ES256', privateKey: ES256!.privatePem, publicKey: ES256!.publicJwk },
      { kid: 'ed-public', alg: 'EdDSA', publicKey: EdDSA!.publicPem },
      {
        kid: 'ed-jwk',
        alg: 'EdDSA',
        privateKey: { ...EdDSA!.privateJwk, alg: 'EdDSA', use: 'sig', key_ops: ['sign'] } as JsonWebKey,
      },
    ],
  }).jwt
}

describe('jwks', () => {
  it('publishes the public half of every asymmetric key, signing and verification-only, and no HMAC key', async () => {
    const jwks = await allKeysIssuer().jwks()
    expect(jwks.keys.map((key) => [key.kid, key.kty, key.alg, key.use])).toEqual([
      ['rs-pem', 'RSA', 'RS256', 'sig'],
      ['ps-jwk', 'RSA', 'PS256', 'sig'],
      ['es-pair', 'EC', 'ES256', 'sig'],
      ['ed-public', 'OKP', 'EdDSA', 'sig'],
      ['ed-jwk', 'OKP', 'EdDSA', 'sig'],
    ])
  })

  it('holds no private member, no secret and nothing beyond the public allow-list', async () => {
    const secret = hmacSecret()
    const jwks = await allKeysIssuer(secret).jwks()
    const text = JSON.stringify(jwks)
    expect(text).not.toContain(secret)
    const allowed: Record<string, string[]> = {
      RSA: ['kty', 'kid', 'alg', 'use', 'n', 'e'],
      EC: ['kty', 'kid', 'alg', 'use', 'crv', 'x', 'y'],
      OKP: ['kty', 'kid', 'alg', 'use', 'crv', 'x'],
    }
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual([...allowed[key.kty]!].sort())
      for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member)
    }
    for (const pair of Object.values(pairs)) {
      const d = String(pair!.privateJwk.d)
      expect(text).not.toContain(d)
    }
  })

  it('is empty when only HMAC keys are configured', async () => {
    const { jwt } = createTestIssuer({
      keys: [{ kid: 'hs', alg: 'HS512', secret: hmacSecret() + hmacSecret() }],
    })
    expect(await jwt.jwks()).toEqual({ keys: [] })
  })

  it('returns a fresh copy: changing it changes nothing', async () => {
    const jwt = allKeysIssuer()
    const first = (await jwt.jwks()) as JsonWebKeySet
    first.keys[0]!.kid = 'tampered'
    first.keys.pop()
    const second = await jwt.jwks()
    expect(second.keys[0]!.kid).toBe('rs-pem')
    expect(second.keys).toHaveLength(5)
  })

  it('lets a third-party verifier (jose createLocalJWKSet) check our tokens', async () => {
    const { EdDSA } = pairs as Record<string, TestKeyPair>
    const { jwt } = createTestIssuer({ keys: [{ kid: 'ed', alg: 'EdDSA', privateKey: EdDSA!.privatePem }] })
    const { token } = await jwt.sign({ sub: 'u' })
    const keySet = createLocalJWKSet((await jwt.jwks()) as Parameters<typeof createLocalJWKSet>[0])
    const { payload, protectedHeader } = await jwtVerify(token, keySet, {
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: 'at+jwt',
      currentDate: START,
    })
    expect(payload.sub).toBe('u')
    expect(protectedHeader.kid).toBe('ed')
  })
})
