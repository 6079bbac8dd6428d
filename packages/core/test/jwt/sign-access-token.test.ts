import { decodeProtectedHeader, jwtVerify } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { RESERVED_CLAIM_NAMES } from '../../src/jwt/sign-access-token.js'
import type { AccessTokenInput } from '../../src/jwt/types.js'
import {
  ASYMMETRIC_ALGORITHMS,
  AUDIENCE,
  createTestIssuer,
  generateTestKeyPair,
  HMAC_ALGORITHMS,
  hmacSecret,
  ISSUER,
  START_SECONDS,
  type TestKeyPair,
} from './helpers.js'

let ed: TestKeyPair

beforeAll(async () => {
  ed = await generateTestKeyPair('EdDSA')
})

function issuer(options: Parameters<typeof createTestIssuer>[0] = {}) {
  return createTestIssuer({ keys: [{ kid: 'ed-1', alg: 'EdDSA', privateKey: ed.privatePem }], ...options })
}

describe('sign: header and claims (RFC 9068)', () => {
  it('writes header { alg, kid, typ: at+jwt } and the standard claims', async () => {
    const { jwt } = issuer()
    const signed = await jwt.sign({
      sub: 'user-1',
      sid: 'session-1',
      roles: ['admin'],
      scopes: ['read', 'write'],
    })
    expect(decodeProtectedHeader(signed.token)).toEqual({ alg: 'EdDSA', kid: 'ed-1', typ: 'at+jwt' })
    expect(signed.payload).toEqual({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'user-1',
      sid: 'session-1',
      iat: START_SECONDS,
      exp: START_SECONDS + 900,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      roles: ['admin'],
      scopes: ['read', 'write'],
    })
    expect(signed.expiresAt).toEqual(new Date((START_SECONDS + 900) * 1000))
    expect(signed.expiresInSeconds).toBe(900)
    expect(await jwt.verify(signed.token)).toEqual(signed.payload)
  })

  it('takes iat from the injected clock, in whole seconds, and exp = iat + the configured TTL', async () => {
    const { jwt, clock } = issuer({ accessTokenTtlSeconds: 300 })
    clock.advanceMilliseconds(1999)
    const { payload } = await jwt.sign({ sub: 'u' })
    expect(payload.iat).toBe(START_SECONDS + 1)
    expect(payload.exp).toBe(START_SECONDS + 301)
  })

  it('omits sid when not given and defaults roles and scopes to []', async () => {
    const { payload } = await issuer().jwt.sign({ sub: 'u' })
    expect(payload).not.toHaveProperty('sid')
    expect(payload.roles).toEqual([])
    expect(payload.scopes).toEqual([])
    expect(payload).not.toHaveProperty('nbf')
  })

  it('puts every configured audience into aud', async () => {
    const { jwt } = issuer({ audience: [AUDIENCE, 'https://other.test'] })
    const { token, payload } = await jwt.sign({ sub: 'u' })
    expect(payload.aud).toEqual([AUDIENCE, 'https://other.test'])
    expect(await jwt.verify(token)).not.toBeNull()
  })

  it('gives every token its own jti', async () => {
    const { jwt } = issuer()
    const ids = new Set<string>()
    for (let i = 0; i < 200; i++) ids.add((await jwt.sign({ sub: 'u' })).payload.jti)
    expect(ids.size).toBe(200)
  })

  it('copies roles and scopes, so later changes to the caller arrays do not leak in', async () => {
    const roles = ['a']
    const { payload } = await issuer().jwt.sign({ sub: 'u', roles })
    roles.push('b')
    expect(payload.roles).toEqual(['a'])
  })

  it('produces tokens that a standard verifier (jose jwtVerify) accepts with typ at+jwt', async () => {
    const { jwt } = issuer()
    const { token } = await jwt.sign({ sub: 'u' })
    const { payload } = await jwtVerify(token, ed.publicKey, {
      algorithms: ['EdDSA'],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: 'at+jwt',
      currentDate: new Date(START_SECONDS * 1000),
    })
    expect(payload.sub).toBe('u')
  })
})

describe('sign: custom claims', () => {
  it('adds custom claims, typed, and verify returns them', async () => {
    const { jwt } = createTestIssuer<{ tenant: string; plan: { tier: number } }>({
      keys: [{ kid: 'ed-1', alg: 'EdDSA', privateKey: ed.privatePem }],
    })
    const { token } = await jwt.sign({ sub: 'u', claims: { tenant: 't1', plan: { tier: 2 } } })
    const payload = await jwt.verify(token)
    expect(payload?.tenant).toBe('t1')
    expect(payload?.plan.tier).toBe(2)
  })

  it.each([...RESERVED_CLAIM_NAMES])('refuses a custom claim named %s', async (name) => {
    const { jwt } = issuer()
    const input = { sub: 'u', claims: { [name]: 'x' } } as unknown as AccessTokenInput
    await expect(jwt.sign(input)).rejects.toThrow(
      new TypeError(`custom claim "${name}" is reserved; set it through its own field or not at all`),
    )
  })

  it('refuses non-JSON custom claims', async () => {
    const { jwt } = issuer()
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const value of [
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      () => 1,
      new Date(0),
      10n,
      cyclic,
      [undefined],
    ])
      await expect(jwt.sign({ sub: 'u', claims: { value } } as unknown as AccessTokenInput)).rejects.toThrow(
        TypeError,
      )
    await expect(jwt.sign({ sub: 'u', claims: new Map() } as unknown as AccessTokenInput)).rejects.toThrow(
      'claims must be a plain object',
    )
  })

  it('refuses a token that would not fit maxTokenBytes', async () => {
    const { jwt } = issuer({ maxTokenBytes: 1024 })
    await expect(
      jwt.sign({ sub: 'u', claims: { blob: 'x'.repeat(1000) } } as AccessTokenInput),
    ).rejects.toThrow(/over maxTokenBytes/)
  })
})

describe('sign: input checks (a caller bug is a TypeError)', () => {
  it.each([
    ['sub missing', {}],
    ['sub empty', { sub: '' }],
    ['sub a number', { sub: 1 }],
    ['sid empty', { sub: 'u', sid: '' }],
    ['roles a string', { sub: 'u', roles: 'admin' }],
    ['scopes with a number', { sub: 'u', scopes: ['a', 1] }],
  ])('refuses %s', async (_name, input) => {
    await expect(issuer().jwt.sign(input as unknown as AccessTokenInput)).rejects.toThrow(TypeError)
  })
})

describe('sign/verify round trip for every algorithm', () => {
  it.each(HMAC_ALGORITHMS)('%s with a secret', async (alg) => {
    const { jwt } = createTestIssuer({ keys: [{ kid: 'h', alg, secret: hmacSecret() }] })
    const { token } = await jwt.sign({ sub: 'u', roles: ['r'] })
    expect(decodeProtectedHeader(token).alg).toBe(alg)
    expect((await jwt.verify(token))?.sub).toBe('u')
  })

  it.each(ASYMMETRIC_ALGORITHMS)('%s with a PEM private key and with a JWK private key', async (alg) => {
    const pair = await generateTestKeyPair(alg)
    for (const privateKey of [pair.privatePem, pair.privateJwk]) {
      const { jwt } = createTestIssuer({ keys: [{ kid: 'a', alg, privateKey }] })
      const { token } = await jwt.sign({ sub: 'u' })
      expect(decodeProtectedHeader(token).alg).toBe(alg)
      expect((await jwt.verify(token))?.sub).toBe('u')
      // The public key alone (PEM and JWK) verifies what the private key signed.
      for (const publicKey of [pair.publicPem, pair.publicJwk]) {
        const verifier = createTestIssuer({
          keys: [
            { kid: 'signer', alg: 'HS256', secret: hmacSecret() },
            { kid: 'a', alg, publicKey },
          ],
        }).jwt
        expect((await verifier.verify(token))?.sub).toBe('u')
      }
    }
  })
})
