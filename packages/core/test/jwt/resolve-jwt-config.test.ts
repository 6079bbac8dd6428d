import { beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors/errors.js'
import { isResolvedJwtConfig, resolveJwtConfig } from '../../src/jwt/resolve-jwt-config.js'
import type { JwtKeyInput, JwtOptions } from '../../src/jwt/types.js'
import {
  AUDIENCE,
  generateTestKeyPair,
  hmacSecret,
  ISSUER,
  recordingLogger,
  type TestKeyPair,
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

function resolve(options: Partial<JwtOptions>, mode: 'production' | 'development' = 'production') {
  return resolveJwtConfig({ issuer: ISSUER, audience: AUDIENCE, ...options }, { mode })
}

/** The problems a ConfigError lists, or [] when `run` does not throw. */
function problemsOf(run: () => unknown): readonly string[] {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  return []
}

function keyProblems(...keys: JwtKeyInput[]): readonly string[] {
  return problemsOf(() => resolve({ keys }))
}

describe('resolveJwtConfig: defaults and shape', () => {
  it('fills in the defaults and freezes the result', () => {
    const config = resolve({ keys: [{ kid: 'k1', alg: 'EdDSA', privateKey: ed.privatePem }] })
    expect(config).toMatchObject({
      issuer: ISSUER,
      audiences: [AUDIENCE],
      audienceClaim: AUDIENCE,
      accessTokenTtlSeconds: 900,
      clockSkewSeconds: 30,
      maxTokenBytes: 8192,
      signingKid: 'k1',
    })
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.keys[0])).toBe(true)
    expect(isResolvedJwtConfig(config)).toBe(true)
    expect(isResolvedJwtConfig({ ...config })).toBe(false)
  })

  it('keeps several audiences as an array claim, without duplicates', () => {
    const config = resolve({
      audience: ['https://a.test', 'https://b.test', 'https://a.test'],
      keys: [{ kid: 'k1', alg: 'HS256', secret: hmacSecret() }],
    })
    expect(config.audiences).toEqual(['https://a.test', 'https://b.test'])
    expect(config.audienceClaim).toEqual(['https://a.test', 'https://b.test'])
  })

  it('lists every problem at once', () => {
    const problems = problemsOf(() =>
      resolveJwtConfig(
        {
          issuer: '',
          audience: [],
          accessTokenTtlSeconds: 59,
          clockSkewSeconds: 61,
          maxTokenBytes: 100,
          keys: [{ kid: 'k1', alg: 'HS256', secret: 'short' }],
        },
        { mode: 'production' },
      ),
    )
    expect(problems).toHaveLength(6)
    expect(problems.join('\n')).toMatch(/jwt\.issuer/)
    expect(problems.join('\n')).toMatch(/jwt\.audience/)
    expect(problems.join('\n')).toMatch(/jwt\.accessTokenTtlSeconds: an integer from 60 to 86400/)
    expect(problems.join('\n')).toMatch(/jwt\.clockSkewSeconds: an integer from 0 to 60/)
    expect(problems.join('\n')).toMatch(/jwt\.maxTokenBytes/)
    expect(problems.join('\n')).toMatch(
      /jwt\.keys\[0\] \(kid "k1"\): the secret is 5 bytes; HS256 needs at least 32/,
    )
  })

  it.each([
    ['accessTokenTtlSeconds', 86_401],
    ['accessTokenTtlSeconds', 1.5],
    ['accessTokenTtlSeconds', '900'],
    ['clockSkewSeconds', -1],
    ['maxTokenBytes', 70_000],
  ])('refuses %s = %j', (name, value) => {
    const keys = [{ kid: 'k1', alg: 'EdDSA' as const, privateKey: ed.privatePem }]
    expect(problemsOf(() => resolve({ keys, [name]: value }))).toHaveLength(1)
  })

  it('refuses audience entries that are empty or not strings', () => {
    const keys = [{ kid: 'k1', alg: 'EdDSA' as const, privateKey: ed.privatePem }]
    for (const audience of ['', ' ', [''], ['ok', 3]] as unknown as string[])
      expect(problemsOf(() => resolve({ keys, audience }))).toEqual([expect.stringMatching(/^jwt\.audience/)])
  })
})

describe('resolveJwtConfig: no keys', () => {
  it('is a startup error in production', () => {
    for (const keys of [undefined, []])
      expect(problemsOf(() => resolve({ keys }, 'production'))).toEqual([
        expect.stringMatching(/^jwt\.keys: at least one signing key is required in production/),
      ])
  })

  it('plans a dev-<random> Ed25519 key in development, with a warning naming its kid', () => {
    const logger = recordingLogger()
    const config = resolveJwtConfig({ issuer: ISSUER, audience: AUDIENCE }, { mode: 'development', logger })
    expect(config.keys).toEqual([{ source: 'generated', kid: config.signingKid, alg: 'EdDSA', use: 'sign' }])
    expect(config.signingKid).toMatch(/^dev-[A-Za-z0-9_-]{12}$/)
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toContain(config.signingKid)
    const other = resolveJwtConfig({ issuer: ISSUER, audience: AUDIENCE }, { mode: 'development' })
    expect(other.signingKid).not.toBe(config.signingKid)
  })

  it('logs nothing when keys are configured', () => {
    const logger = recordingLogger()
    resolveJwtConfig(
      { issuer: ISSUER, audience: AUDIENCE, keys: [{ kid: 'k', alg: 'EdDSA', privateKey: ed.privatePem }] },
      { mode: 'development', logger },
    )
    expect(logger.warnings).toEqual([])
  })
})

describe('resolveJwtConfig: signing key selection and rotation', () => {
  it('signs with the first key able to sign; the others verify', () => {
    const config = resolve({
      keys: [
        { kid: 'old-public', alg: 'ES256', publicKey: ec.publicPem },
        { kid: 'new', alg: 'EdDSA', privateKey: ed.privatePem },
        { kid: 'older', alg: 'HS256', secret: hmacSecret() },
      ],
    })
    expect(config.signingKid).toBe('new')
    expect(config.keys.map((key) => [key.kid, key.use])).toEqual([
      ['old-public', 'verify'],
      ['new', 'sign'],
      ['older', 'verify'],
    ])
  })

  it("skips keys marked use: 'verify' and honours an explicit use: 'sign'", () => {
    const secret = hmacSecret()
    expect(
      resolve({
        keys: [
          { kid: 'retired', alg: 'HS256', secret, use: 'verify' },
          { kid: 'current', alg: 'EdDSA', privateKey: ed.privatePem },
        ],
      }).signingKid,
    ).toBe('current')
    expect(
      resolve({
        keys: [
          { kid: 'a', alg: 'EdDSA', privateKey: ed.privatePem },
          { kid: 'b', alg: 'HS256', secret, use: 'sign' },
        ],
      }).signingKid,
    ).toBe('b')
  })

  it('refuses two signing keys, no signing key, or a signing key without private material', () => {
    const secret = hmacSecret()
    expect(
      keyProblems(
        { kid: 'a', alg: 'HS256', secret, use: 'sign' },
        { kid: 'b', alg: 'EdDSA', privateKey: ed.privatePem, use: 'sign' },
      ),
    ).toEqual([expect.stringMatching(/2 keys have use 'sign'/)])
    expect(keyProblems({ kid: 'a', alg: 'ES256', publicKey: ec.publicPem })).toEqual([
      expect.stringMatching(/no key can sign/),
    ])
    expect(keyProblems({ kid: 'a', alg: 'HS256', secret, use: 'verify' })).toEqual([
      expect.stringMatching(/no key can sign/),
    ])
    expect(keyProblems({ kid: 'a', alg: 'ES256', publicKey: ec.publicPem, use: 'sign' })).toEqual([
      expect.stringMatching(/use 'sign' needs a privateKey/),
    ])
  })

  it('refuses duplicate kids', () => {
    expect(
      keyProblems(
        { kid: 'k', alg: 'EdDSA', privateKey: ed.privatePem },
        { kid: 'k', alg: 'ES256', publicKey: ec.publicPem },
      ),
    ).toEqual(['jwt.keys[1] (kid "k"): kid is used by another key; kids must be unique'])
  })

  it('refuses invalid kids, algorithms and uses', () => {
    const base = { alg: 'EdDSA' as const, privateKey: '' }
    for (const kid of ['', ' k', 'k\n', 'ké', 'x'.repeat(129), 42])
      expect(keyProblems({ ...base, privateKey: ed.privatePem, kid } as JwtKeyInput)).toEqual([
        expect.stringMatching(/kid must be 1 to 128 printable ASCII characters/),
      ])
    for (const alg of ['none', 'NONE', 'HS1', 'RS512', 'ES384', 'hs256', undefined])
      expect(keyProblems({ kid: 'k', alg, secret: hmacSecret() } as unknown as JwtKeyInput)).toEqual([
        expect.stringMatching(/alg must be one of HS256, HS384, HS512, RS256, PS256, ES256, EdDSA/),
      ])
    expect(
      keyProblems({
        kid: 'k',
        alg: 'EdDSA',
        privateKey: ed.privatePem,
        use: 'both',
      } as unknown as JwtKeyInput),
    ).toEqual([expect.stringMatching(/use must be 'sign' or 'verify'/)])
  })
})

describe('resolveJwtConfig: HMAC secrets (JWT-7)', () => {
  it.each([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const)('%s needs at least %i bytes', (alg, bytes) => {
    expect(keyProblems({ kid: 'k', alg, secret: 'k'.repeat(bytes - 1) })).toEqual([
      `jwt.keys[0] (kid "k"): the secret is ${bytes - 1} bytes; ${alg} needs at least ${bytes} random bytes (e.g. randomToken(${bytes}))`,
    ])
    expect(keyProblems({ kid: 'k', alg, secret: 'k'.repeat(bytes) })).toEqual([])
  })

  it('counts UTF-8 bytes, not characters', () => {
    expect(keyProblems({ kid: 'k', alg: 'HS256', secret: 'é'.repeat(16) })).toEqual([])
    expect(keyProblems({ kid: 'k', alg: 'HS256', secret: 'é'.repeat(15) })).toHaveLength(1)
  })

  it('refuses a public key (PEM, JWK JSON, SSH) as an HMAC secret (CVE-2022-23541 class)', () => {
    const forms = [
      rsa.publicPem,
      `  ${rsa.publicPem}`,
      ec.publicPem,
      JSON.stringify(rsa.publicJwk),
      '-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----',
      `ssh-ed25519 ${'A'.repeat(68)} user@host`,
    ]
    for (const secret of forms)
      expect(keyProblems({ kid: 'k', alg: 'HS256', secret })).toEqual([
        expect.stringMatching(/the secret looks like a PEM, JWK or SSH key/),
      ])
  })

  it('refuses key material on an HS key and a secret on an asymmetric key', () => {
    expect(keyProblems({ kid: 'k', alg: 'HS256', secret: hmacSecret(), publicKey: rsa.publicPem })).toEqual([
      expect.stringMatching(/HS256 takes only a secret/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'HS256', privateKey: rsa.privatePem })).toEqual([
      expect.stringMatching(/HS256 takes only a secret/),
      expect.stringMatching(/HS256 needs a secret \(a string, or an oct JWK\)/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'RS256', secret: hmacSecret(), publicKey: rsa.publicPem })).toEqual([
      expect.stringMatching(/RS256 takes privateKey\/publicKey, not secret/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'RS256', secret: hmacSecret() })).toHaveLength(2)
  })

  it('accepts an oct JWK as the secret (raw bytes), with the same length rule', () => {
    const k32 = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' // 32 bytes
    expect(
      keyProblems({ kid: 'k', alg: 'HS256', secret: { kty: 'oct', k: k32, alg: 'HS256', use: 'sig' } }),
    ).toEqual([])
    expect(keyProblems({ kid: 'k', alg: 'HS384', secret: { kty: 'oct', k: k32 } })).toEqual([
      expect.stringMatching(/the secret is 32 bytes; HS384 needs at least 48/),
    ])
    for (const secret of [
      { kty: 'RSA', k: k32 },
      { kty: 'oct' },
      { kty: 'oct', k: `${k32}=` },
      { kty: 'oct', k: 'AB' },
    ])
      expect(keyProblems({ kid: 'k', alg: 'HS256', secret } as JwtKeyInput)).toEqual([
        expect.stringMatching(/a secret JWK needs kty "oct" and "k" in base64url/),
      ])
    expect(keyProblems({ kid: 'k', alg: 'HS256', secret: { kty: 'oct', k: k32, alg: 'HS512' } })).toEqual([
      expect.stringMatching(/the JWK's alg "HS512" differs/),
    ])
  })

  it('never puts a secret into a message', () => {
    const secret = 'S3cr3t-value-that-must-not-leak'
    const problems = keyProblems({ kid: 'k', alg: 'HS512', secret })
    expect(problems.join('\n')).not.toContain(secret)
    const pem = rsa.privatePem
    expect(keyProblems({ kid: 'k', alg: 'HS256', secret: pem }).join('\n')).not.toContain(pem.slice(40, 80))
  })
})

describe('resolveJwtConfig: asymmetric key material', () => {
  it('accepts PKCS#8 and SPKI PEMs and JWKs for each algorithm', () => {
    for (const pair of [ed, ec, rsa])
      expect(
        keyProblems(
          { kid: 'a', alg: pair.alg, privateKey: pair.privatePem },
          { kid: 'b', alg: pair.alg, privateKey: pair.privateJwk },
          { kid: 'c', alg: pair.alg, publicKey: pair.publicPem },
          { kid: 'd', alg: pair.alg, publicKey: pair.publicJwk },
          { kid: 'e', alg: pair.alg, privateKey: pair.privatePem, publicKey: pair.publicJwk },
        ),
      ).toEqual([])
    expect(keyProblems({ kid: 'p', alg: 'PS256', privateKey: rsa.privateJwk })).toEqual([])
  })

  it('refuses a key of another type than its algorithm (an RSA key cannot be ES256 or EdDSA)', () => {
    expect(keyProblems({ kid: 'k', alg: 'ES256', privateKey: rsa.privateJwk })).toEqual([
      expect.stringMatching(/ES256 needs a JWK with kty "EC"/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'EdDSA', publicKey: ec.publicJwk, use: 'verify' }).join()).toMatch(
      /EdDSA needs a JWK with kty "OKP"/,
    )
    expect(keyProblems({ kid: 'k', alg: 'ES256', privateKey: { ...ec.privateJwk, crv: 'P-384' } })).toEqual([
      expect.stringMatching(/ES256 needs crv "P-256"/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'RS256', privateKey: { kty: 'oct', k: 'AAAA' } })).toEqual([
      expect.stringMatching(/RS256 needs a JWK with kty "RSA"/),
    ])
  })

  it('refuses JWK members that contradict the key: alg, use, kid', () => {
    expect(keyProblems({ kid: 'k', alg: 'PS256', privateKey: { ...rsa.privateJwk, alg: 'RS256' } })).toEqual([
      expect.stringMatching(/the JWK's alg "RS256" differs from the key's alg PS256/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'EdDSA', privateKey: { ...ed.privateJwk, use: 'enc' } })).toEqual([
      expect.stringMatching(/the JWK's use must be "sig"/),
    ])
    expect(
      keyProblems({ kid: 'k', alg: 'EdDSA', privateKey: { ...ed.privateJwk, kid: 'other' } as JsonWebKey }),
    ).toEqual([expect.stringMatching(/the JWK's kid differs/)])
  })

  it('refuses a JWK whose use or key_ops exclude signatures (an encryption key)', () => {
    const signer = { kid: 's', alg: 'EdDSA' as const, privateKey: ed.privatePem }
    expect(
      keyProblems(signer, { kid: 'r', alg: 'RS256', publicKey: { ...rsa.publicJwk, use: 'enc' } }),
    ).toEqual([expect.stringMatching(/the JWK's use must be "sig"/)])
    expect(
      keyProblems(signer, { kid: 'r', alg: 'RS256', publicKey: { ...rsa.publicJwk, key_ops: ['encrypt'] } }),
    ).toEqual([expect.stringMatching(/the JWK's key_ops must include "verify"/)])
    expect(
      keyProblems({ kid: 'r', alg: 'RS256', privateKey: { ...rsa.privateJwk, key_ops: ['verify'] } }),
    ).toEqual([expect.stringMatching(/the JWK's key_ops must include "sign"/)])
    expect(
      keyProblems(signer, { kid: 'r', alg: 'RS256', publicKey: { ...rsa.publicJwk, key_ops: ['verify'] } }),
    ).toEqual([])
  })

  it('refuses private members in a public JWK and a private JWK without d', () => {
    expect(
      keyProblems(
        { kid: 'k', alg: 'EdDSA', privateKey: ed.privatePem },
        { kid: 'p', alg: 'RS256', publicKey: rsa.privateJwk },
      ),
    ).toEqual([
      expect.stringMatching(
        /jwt\.keys\[1\] \(kid "p"\)\.publicKey: a public JWK must not hold private members \(d, p, q, dp, dq, qi\)/,
      ),
    ])
    expect(keyProblems({ kid: 'k', alg: 'EdDSA', privateKey: ed.publicJwk })).toEqual([
      expect.stringMatching(/a private JWK needs "d"/),
    ])
    expect(
      keyProblems({ kid: 'k', alg: 'ES256', privateKey: { kty: 'EC', crv: 'P-256', d: 'AAAA' } }),
    ).toEqual([expect.stringMatching(/the JWK lacks "x"/), expect.stringMatching(/the JWK lacks "y"/)])
  })

  it('refuses PEMs of the wrong kind, with a hint', () => {
    const pkcs1 = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----'
    const sec1 = '-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----'
    const encrypted = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----'
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
    const rsaPublic = '-----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END RSA PUBLIC KEY-----'
    expect(keyProblems({ kid: 'k', alg: 'RS256', privateKey: pkcs1 })).toEqual([
      expect.stringMatching(/PKCS#1\/SEC1 PEM is not supported/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'ES256', privateKey: sec1 })).toEqual([
      expect.stringMatching(/PKCS#1\/SEC1/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'ES256', privateKey: encrypted })).toEqual([
      expect.stringMatching(/encrypted PEM/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'ES256', privateKey: ec.publicPem })).toEqual([
      expect.stringMatching(/give it as publicKey/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'ES256', privateKey: 'not a key' })).toEqual([
      expect.stringMatching(/must be a PKCS#8 PEM/),
    ])
    const withSigner = (publicKey: string) =>
      keyProblems(
        { kid: 's', alg: 'EdDSA', privateKey: ed.privatePem },
        { kid: 'k', alg: 'RS256', publicKey },
      )
    expect(withSigner(rsaPublic)).toEqual([expect.stringMatching(/PKCS#1 PEM is not supported/)])
    expect(withSigner(cert)).toEqual([expect.stringMatching(/certificates are not supported/)])
    expect(withSigner(rsa.privatePem)).toEqual([
      expect.stringMatching(/holds a private key; give it as privateKey/),
    ])
  })

  it('refuses an asymmetric key with neither private nor public key, or a non-object key', () => {
    expect(keyProblems({ kid: 'k', alg: 'ES256' })).toEqual([
      expect.stringMatching(/ES256 needs a privateKey/),
    ])
    expect(keyProblems({ kid: 'k', alg: 'ES256', privateKey: 42 } as unknown as JwtKeyInput)).toEqual([
      expect.stringMatching(/must be a PEM string or a JWK object/),
    ])
    expect(keyProblems(null as unknown as JwtKeyInput)).toEqual(['jwt.keys[0]: must be an object'])
    expect(problemsOf(() => resolve({ keys: 'k1' as unknown as JwtKeyInput[] }))).toEqual([
      'jwt.keys: must be an array of keys',
    ])
  })
})
