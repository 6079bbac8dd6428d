import { decodeProtectedHeader } from 'jose'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ConfigError } from '../../src/errors/errors.js'
import { createJwtIssuer } from '../../src/jwt/create-jwt-issuer.js'
import { resolveJwtConfig } from '../../src/jwt/resolve-jwt-config.js'
import type { GeneratedJwtKey, ResolvedJwtConfig } from '../../src/jwt/types.js'
import { createFakeClock } from '../../src/testing/fake-clock.js'
import {
  AUDIENCE,
  createTestIssuer,
  generateTestKeyPair,
  hmacSecret,
  ISSUER,
  recordingLogger,
  START,
  type TestKeyPair,
  weakRsaPublicPem,
} from './helpers.js'

let k1: TestKeyPair
let k2: TestKeyPair

beforeAll(async () => {
  ;[k1, k2] = await Promise.all([generateTestKeyPair('ES256'), generateTestKeyPair('EdDSA')])
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createJwtIssuer: key rotation', () => {
  it('keeps old tokens valid while the new key signs, and drops them when the old key is removed', async () => {
    const before = createTestIssuer({ keys: [{ kid: 'k1', alg: 'ES256', privateKey: k1.privatePem }] }).jwt
    const old = (await before.sign({ sub: 'u' })).token

    // Step 1: add the new key first (it signs); keep the old one for verification only.
    const during = createTestIssuer({
      keys: [
        { kid: 'k2', alg: 'EdDSA', privateKey: k2.privatePem },
        { kid: 'k1', alg: 'ES256', publicKey: k1.publicPem, use: 'verify' },
      ],
    }).jwt
    expect((await during.verify(old))?.sub).toBe('u')
    const fresh = (await during.sign({ sub: 'u' })).token
    expect(decodeProtectedHeader(fresh).kid).toBe('k2')
    expect((await during.jwks()).keys.map((key) => key.kid)).toEqual(['k2', 'k1'])
    // The old deployment does not know k2: a rolling deploy should publish k2 before signing with it.
    expect(await before.verifyDetailed(fresh)).toEqual({ valid: false, reason: 'unknown_kid' })

    // Step 2: once every old token has expired, remove the old key.
    const after = createTestIssuer({ keys: [{ kid: 'k2', alg: 'EdDSA', privateKey: k2.privatePem }] }).jwt
    expect(await after.verifyDetailed(old)).toEqual({ valid: false, reason: 'unknown_kid' })
    expect((await after.verify(fresh))?.sub).toBe('u')
  })

  it('can pre-publish a new key before it signs (use: verify), then swap', async () => {
    const staged = createTestIssuer({
      keys: [
        { kid: 'k1', alg: 'ES256', privateKey: k1.privatePem },
        { kid: 'k2', alg: 'EdDSA', publicKey: k2.publicJwk, use: 'verify' },
      ],
    }).jwt
    expect(decodeProtectedHeader((await staged.sign({ sub: 'u' })).token).kid).toBe('k1')
    expect((await staged.jwks()).keys.map((key) => key.kid)).toEqual(['k1', 'k2'])
  })

  it('rotates between HMAC secrets as well (HS256 to HS512)', async () => {
    const s1 = hmacSecret()
    const s2 = hmacSecret()
    const old = (
      await createTestIssuer({ keys: [{ kid: 'h1', alg: 'HS256', secret: s1 }] }).jwt.sign({ sub: 'u' })
    ).token
    const rotated = createTestIssuer({
      keys: [
        { kid: 'h2', alg: 'HS512', secret: s2 + s2 },
        { kid: 'h1', alg: 'HS256', secret: s1, use: 'verify' },
      ],
    }).jwt
    expect(await rotated.verify(old)).not.toBeNull()
    expect(decodeProtectedHeader((await rotated.sign({ sub: 'u' })).token)).toMatchObject({
      kid: 'h2',
      alg: 'HS512',
    })
  })
})

describe('createJwtIssuer: development key', () => {
  it('generates an Ed25519 key, exposes it as a private JWK, and accepts it back next time', async () => {
    const logger = recordingLogger()
    const clock = createFakeClock(START)
    const config = resolveJwtConfig({ issuer: ISSUER, audience: AUDIENCE }, { mode: 'development', logger })
    const first = createJwtIssuer(config, { clock })
    const { token } = await first.sign({ sub: 'u' })
    const generated = (await first.generatedKey()) as GeneratedJwtKey
    expect(generated).toEqual({
      kid: config.signingKid,
      alg: 'EdDSA',
      privateKey: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        d: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      },
    })
    expect(logger.warnings[0]).toContain(generated.kid)
    expect(await first.generatedKey()).toBe(generated)
    expect((await first.jwks()).keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: generated.privateKey.x, kid: generated.kid, alg: 'EdDSA', use: 'sig' },
    ])

    // As the example does: persist as JSON, pass back in keys after a restart.
    const persisted = JSON.parse(JSON.stringify(generated)) as GeneratedJwtKey
    const restarted = createJwtIssuer(
      resolveJwtConfig(
        { issuer: ISSUER, audience: AUDIENCE, keys: [persisted] },
        { mode: 'development', logger },
      ),
      { clock },
    )
    expect((await restarted.verify(token))?.sub).toBe('u')
    expect(await restarted.generatedKey()).toBeNull()
    expect(logger.warnings).toHaveLength(1)
  })

  it('generates a different key in every process start', async () => {
    const a = createTestIssuer().jwt
    const b = createTestIssuer().jwt
    const token = (await a.sign({ sub: 'u' })).token
    expect(await b.verifyDetailed(token)).toEqual({ valid: false, reason: 'unknown_kid' })
  })
})

describe('createJwtIssuer: keys are imported once', () => {
  it('imports on first use and reuses the CryptoKeys for every later call', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const { jwt } = createTestIssuer({
      keys: [
        { kid: 'k1', alg: 'ES256', privateKey: k1.privatePem },
        { kid: 'h', alg: 'HS256', secret: hmacSecret(), use: 'verify' },
      ],
    })
    expect(importKey).not.toHaveBeenCalled()
    await Promise.all([jwt.ready(), jwt.ready(), jwt.jwks()])
    const afterImport = importKey.mock.calls.length
    expect(afterImport).toBeGreaterThan(0)
    for (let i = 0; i < 20; i++) {
      const { token } = await jwt.sign({ sub: `u${i}` })
      expect(await jwt.verify(token)).not.toBeNull()
    }
    expect(importKey.mock.calls.length).toBe(afterImport)
  })

  it('reports every key that cannot be imported as one ConfigError, from ready, sign, verify and jwks', async () => {
    const small = await weakRsaPublicPem()
    const { jwt } = createTestIssuer({
      keys: [
        { kid: 'ok', alg: 'EdDSA', privateKey: k2.privatePem },
        { kid: 'small', alg: 'RS256', publicKey: small, use: 'verify' },
        {
          kid: 'garbled',
          alg: 'ES256',
          publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
        },
      ],
    })
    const error = await jwt.ready().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([
      'jwt.keys[1] (kid "small"): the RSA modulus is 1024 bits; at least 2048 are required',
      expect.stringMatching(/^jwt\.keys\[2\] \(kid "garbled"\): cannot be imported/),
    ])
    await expect(jwt.sign({ sub: 'u' })).rejects.toBe(error)
    await expect(jwt.verify('a.b.c')).rejects.toBe(error)
    await expect(jwt.jwks()).rejects.toBe(error)
  })

  it('refuses a configuration that did not come from resolveJwtConfig', () => {
    const config = resolveJwtConfig(
      { issuer: ISSUER, audience: AUDIENCE, keys: [{ kid: 'k', alg: 'HS256', secret: hmacSecret() }] },
      { mode: 'production' },
    )
    expect(() => createJwtIssuer({ ...config } as ResolvedJwtConfig)).toThrow(TypeError)
  })
})

describe('createJwtIssuer: verify and verifyDetailed', () => {
  it('verify gives null and verifyDetailed the reason, for an expired token (never a throw)', async () => {
    const { jwt, clock } = createTestIssuer({ keys: [{ kid: 'k', alg: 'EdDSA', privateKey: k2.privatePem }] })
    const { token } = await jwt.sign({ sub: 'u' })
    clock.advanceSeconds(900)
    expect(await jwt.verify(token)).toBeNull()
    expect(await jwt.verifyDetailed(token)).toEqual({ valid: false, reason: 'expired' })
  })

  it('uses the system clock when none is injected', async () => {
    const config = resolveJwtConfig(
      { issuer: ISSUER, audience: AUDIENCE, keys: [{ kid: 'k', alg: 'HS256', secret: hmacSecret() }] },
      { mode: 'production' },
    )
    const jwt = createJwtIssuer(config)
    const { token, payload } = await jwt.sign({ sub: 'u' })
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(5)
    expect(await jwt.verify(token)).not.toBeNull()
  })
})
