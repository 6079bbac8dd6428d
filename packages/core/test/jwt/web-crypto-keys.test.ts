import { CompactSign, compactVerify } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  exportJwk,
  generateEd25519KeyPair,
  importJwkKey,
  importPemKey,
} from '../../src/jwt/web-crypto-keys.js'
import { ASYMMETRIC_ALGORITHMS, generateTestKeyPair, type TestKeyPair } from './helpers.js'

// Keys made by jose (helpers.ts) imported by core's WebCrypto importer, then used by jose to sign
// and verify: the two agree on every algorithm, from PEM and from JWK.
const pairs = new Map<string, TestKeyPair>()
beforeAll(async () => {
  for (const alg of ASYMMETRIC_ALGORITHMS) pairs.set(alg, await generateTestKeyPair(alg))
})

async function roundTrip(alg: string, sign: CryptoKey, verify: CryptoKey): Promise<void> {
  const jws = await new CompactSign(new TextEncoder().encode('payload'))
    .setProtectedHeader({ alg })
    .sign(sign)
  const { payload } = await compactVerify(jws, verify, { algorithms: [alg] })
  expect(new TextDecoder().decode(payload)).toBe('payload')
}

describe('WebCrypto key import (no jose key code in the bundle)', () => {
  for (const alg of ASYMMETRIC_ALGORITHMS)
    it(`${alg}: PEM and JWK keys sign and verify with jose, bound to the algorithm`, async () => {
      const pair = pairs.get(alg)!
      await roundTrip(
        alg,
        await importPemKey(pair.privatePem, alg, 'sign'),
        await importPemKey(pair.publicPem, alg, 'verify'),
      )
      await roundTrip(
        alg,
        await importJwkKey(pair.privateJwk as Record<string, unknown>, alg, 'sign'),
        await importJwkKey(pair.publicJwk as Record<string, unknown>, alg, 'verify'),
      )
      const key = await importPemKey(pair.publicPem, alg, 'verify', true)
      expect(key.usages).toEqual(['verify'])
      expect(await exportJwk(key)).toMatchObject(pair.publicJwk)
    })

  it('takes CRLF line ends and surrounding whitespace, not another label or a broken body', async () => {
    const { privatePem, publicPem } = pairs.get('ES256')!
    await expect(
      importPemKey(`\n${privatePem.replaceAll('\n', '\r\n')}\n`, 'ES256', 'sign'),
    ).resolves.toBeDefined()
    await expect(importPemKey(publicPem, 'ES256', 'sign')).rejects.toThrow(TypeError)
    await expect(importPemKey(privatePem, 'ES256', 'verify')).rejects.toThrow(TypeError)
    // A character outside base64 in the body.
    await expect(importPemKey(privatePem.replace('-----\n', '-----\n!!!!'), 'ES256', 'sign')).rejects.toThrow(
      TypeError,
    )
    // A body line missing: valid base64, broken DER.
    const lines = privatePem.trim().split('\n')
    await expect(importPemKey([lines[0], ...lines.slice(2)].join('\n'), 'ES256', 'sign')).rejects.toThrow()
    await expect(
      importPemKey('-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----', 'ES256', 'sign'),
    ).rejects.toThrow(TypeError)
    await expect(importPemKey('not a pem', 'ES256', 'sign')).rejects.toThrow(TypeError)
  })

  it('refuses a key of another family or curve than the algorithm, on every runtime', async () => {
    // workerd imports an EC PKCS#8 key as Ed25519 without complaint: the JWK read-back catches it
    // (a TypeError there; Node's own import refuses it first, with a DataError).
    await expect(importPemKey(pairs.get('ES256')!.privatePem, 'EdDSA', 'sign')).rejects.toThrow()
    await expect(importPemKey(pairs.get('EdDSA')!.privatePem, 'ES256', 'sign')).rejects.toThrow()
    await expect(importPemKey(pairs.get('RS256')!.publicPem, 'ES256', 'verify')).rejects.toThrow()
    await expect(importPemKey(pairs.get('ES256')!.publicPem, 'EdDSA', 'verify')).rejects.toThrow()
    await expect(
      importJwkKey(pairs.get('EdDSA')!.publicJwk as Record<string, unknown>, 'ES256', 'verify'),
    ).rejects.toThrow(TypeError)
    await expect(
      importJwkKey(pairs.get('RS256')!.publicJwk as Record<string, unknown>, 'EdDSA', 'verify'),
    ).rejects.toThrow(TypeError)
  })

  it('a non-extractable import stays non-extractable', async () => {
    const key = await importPemKey(pairs.get('EdDSA')!.privatePem, 'EdDSA', 'sign')
    expect(key.extractable).toBe(false)
    expect(key.usages).toEqual(['sign'])
  })

  it('generates an extractable Ed25519 pair for development keys', async () => {
    const pair = await generateEd25519KeyPair()
    expect(pair.privateKey.algorithm.name).toBe('Ed25519')
    expect(await exportJwk(pair.privateKey)).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      d: expect.any(String),
    })
    await roundTrip('EdDSA', pair.privateKey, pair.publicKey)
  })
})
