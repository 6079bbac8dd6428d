import { beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors/errors.js'
import { importKeyRing } from '../../src/jwt/import-keys.js'
import { resolveJwtConfig } from '../../src/jwt/resolve-jwt-config.js'
import type { JwtKeyInput } from '../../src/jwt/types.js'
import {
  AUDIENCE,
  generateTestKeyPair,
  hmacSecret,
  ISSUER,
  type TestKeyPair,
  weakRsaPublicPem,
} from './helpers.js'

let ed: TestKeyPair
let ec: TestKeyPair
let rsa: TestKeyPair

beforeAll(async () => {
  ;[ed, ec, rsa] = await Promise.all([
    generateTestKeyPair('EdDSA'),
    generateTestKeyPair('ES256'),
    generateTestKeyPair('RS256'),
  ])
})

function ring(...keys: JwtKeyInput[]) {
  return importKeyRing(resolveJwtConfig({ issuer: ISSUER, audience: AUDIENCE, keys }, { mode: 'production' }))
}

async function importProblems(...keys: JwtKeyInput[]): Promise<readonly string[]> {
  const error = await ring(...keys).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(ConfigError)
  return (error as ConfigError).problems
}

describe('importKeyRing', () => {
  it('imports a signing key and a verification key per kid, each pinned to its alg', async () => {
    const keys = await ring(
      { kid: 'ed', alg: 'EdDSA', privateKey: ed.privatePem },
      { kid: 'ec', alg: 'ES256', publicKey: ec.publicJwk },
      { kid: 'hs', alg: 'HS384', secret: hmacSecret() },
    )
    expect(keys.signing).toMatchObject({ kid: 'ed', alg: 'EdDSA' })
    expect(keys.signing.key.type).toBe('private')
    expect(keys.signing.key.extractable).toBe(false)
    expect([...keys.verification.values()].map((key) => [key.kid, key.alg, key.key.type])).toEqual([
      ['ed', 'EdDSA', 'public'],
      ['ec', 'ES256', 'public'],
      ['hs', 'HS384', 'secret'],
    ])
    expect(keys.generated).toBeNull()
  })

  it('derives the public half of a PEM or JWK private key', async () => {
    for (const privateKey of [rsa.privatePem, rsa.privateJwk]) {
      const keys = await ring({ kid: 'r', alg: 'RS256', privateKey })
      expect(keys.jwks.keys[0]).toEqual({
        kty: 'RSA',
        kid: 'r',
        alg: 'RS256',
        use: 'sig',
        n: rsa.publicJwk.n,
        e: 'AQAB',
      })
    }
  })

  it('refuses a private and a public key that are not a pair', async () => {
    const other = await generateTestKeyPair('ES256')
    expect(
      await importProblems({ kid: 'k', alg: 'ES256', privateKey: ec.privatePem, publicKey: other.publicPem }),
    ).toEqual(['jwt.keys[0] (kid "k"): privateKey and publicKey are not a pair'])
  })

  it('refuses a PEM of another key type than the algorithm (an EC key as EdDSA, an RSA key as ES256)', async () => {
    const problems = await importProblems(
      { kid: 'a', alg: 'EdDSA', privateKey: ec.privatePem },
      { kid: 'b', alg: 'ES256', publicKey: rsa.publicPem, use: 'verify' },
    )
    expect(problems).toEqual([
      expect.stringMatching(/^jwt\.keys\[0\] \(kid "a"\): cannot be imported/),
      expect.stringMatching(/^jwt\.keys\[1\] \(kid "b"\): cannot be imported/),
    ])
  })

  it('refuses RSA keys under 2048 bits', async () => {
    expect(
      await importProblems(
        { kid: 'ed', alg: 'EdDSA', privateKey: ed.privatePem },
        { kid: 'small', alg: 'PS256', publicKey: await weakRsaPublicPem() },
      ),
    ).toEqual(['jwt.keys[1] (kid "small"): the RSA modulus is 1024 bits; at least 2048 are required'])
  })

  it('refuses a JWK whose members are not a valid key', async () => {
    const problems = await importProblems({
      kid: 'k',
      alg: 'EdDSA',
      privateKey: { ...ed.privateJwk, x: 'AAAA' },
    })
    expect(problems).toHaveLength(1)
  })
})
