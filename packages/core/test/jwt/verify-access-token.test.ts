import { base64url } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JwtIssuer } from '../../src/jwt/types.js'
import type { FakeClock } from '../../src/testing/fake-clock.js'
import {
  AUDIENCE,
  claims,
  createTestIssuer,
  encodeSegment,
  forgeToken,
  generateTestKeyPair,
  ISSUER,
  START_SECONDS,
  type TestKeyPair,
} from './helpers.js'

// One issuer for the whole file: EdDSA signs; RS256 and ES256 keys only verify (rotation leftovers).
let ed: TestKeyPair
let rsa: TestKeyPair
let ec: TestKeyPair
let jwt: JwtIssuer
let clock: FakeClock

const HEADER = { alg: 'EdDSA', kid: 'ed-1', typ: 'at+jwt' }

/** A token signed with the real EdDSA key, with any header and payload. */
function signed(
  header: Record<string, unknown> = HEADER,
  payload: Record<string, unknown> | string = claims(),
) {
  return forgeToken(header, payload, { key: ed.privateKey, alg: 'EdDSA' })
}

/** The DER bytes inside a PEM. */
function pemBody(pem: string): Uint8Array {
  return Uint8Array.from(atob(pem.replace(/-----[A-Z ]+-----|\s/g, '')), (c) => c.charCodeAt(0))
}

async function reason(token: unknown) {
  const result = await jwt.verifyDetailed(token as string)
  return result.valid ? 'valid' : result.reason
}

beforeAll(async () => {
  ;[ed, rsa, ec] = await Promise.all([
    generateTestKeyPair('EdDSA'),
    generateTestKeyPair('RS256'),
    generateTestKeyPair('ES256'),
  ])
  ;({ jwt, clock } = createTestIssuer({
    keys: [
      { kid: 'ed-1', alg: 'EdDSA', privateKey: ed.privatePem },
      { kid: 'rsa-1', alg: 'RS256', publicKey: rsa.publicPem, use: 'verify' },
      { kid: 'ec-1', alg: 'ES256', publicKey: ec.publicJwk, use: 'verify' },
    ],
  }))
})

describe('verify: a well-formed token', () => {
  it('passes, and verify returns its payload', async () => {
    const token = await signed()
    expect(await reason(token)).toBe('valid')
    expect(await jwt.verify(token)).toEqual(claims())
  })

  it('passes when signed by a verification-only key with its own algorithm', async () => {
    const token = await forgeToken({ alg: 'RS256', kid: 'rsa-1', typ: 'at+jwt' }, claims(), {
      key: rsa.privateKey,
      alg: 'RS256',
    })
    expect(await reason(token)).toBe('valid')
  })

  it('returns null for every refusal (verify), and never throws on hostile input', async () => {
    for (const input of ['', 'x', 'a.b.c', '{}', null, undefined, 42, {}, ['a.b.c']])
      expect(await jwt.verify(input as string)).toBeNull()
  })
})

describe('verify: alg (JWT-1, JWT-2)', () => {
  it.each(['none', 'NONE', 'nOnE', 'None'])('refuses alg %s with an empty signature (J-1)', async (alg) => {
    const token = await forgeToken({ alg, kid: 'ed-1', typ: 'at+jwt' }, claims(), null)
    expect(await reason(token)).toBe('malformed')
  })

  it.each(['none', 'NONE', 'nOnE'])('refuses alg %s whatever the signature segment holds', async (alg) => {
    const unsigned = await forgeToken({ alg, kid: 'ed-1', typ: 'at+jwt' }, claims(), null)
    expect(await reason(`${unsigned}AAAA`)).toBe('alg_not_allowed')
  })

  it.each(['HS256', 'HS384', 'HS512'] as const)(
    'refuses %s signed with the RSA public key as the HMAC secret (key confusion, J-2)',
    async (alg) => {
      const hash = `SHA-${alg.slice(2)}` as 'SHA-256'
      const spkiDer = pemBody(rsa.publicPem)
      const forms: (string | Uint8Array)[] = [
        rsa.publicPem,
        `${rsa.publicPem}\n`,
        spkiDer,
        JSON.stringify(rsa.publicJwk),
      ]
      for (const secret of forms) {
        const token = await forgeToken({ alg, kid: 'rsa-1', typ: 'at+jwt' }, claims(), { hmac: secret, hash })
        expect(await reason(token)).toBe('alg_not_allowed')
      }
    },
  )

  it('refuses HS256 signed with the EC and Ed25519 public keys (key confusion, J-2)', async () => {
    for (const [kid, pair] of [
      ['ec-1', ec],
      ['ed-1', ed],
    ] as const) {
      for (const secret of [pair.publicPem, JSON.stringify(pair.publicJwk), String(pair.publicJwk.x)]) {
        const token = await forgeToken({ alg: 'HS256', kid, typ: 'at+jwt' }, claims(), { hmac: secret })
        expect(await reason(token)).toBe('alg_not_allowed')
      }
    }
  })

  it('refuses another supported algorithm than the key is pinned to (J-3)', async () => {
    // PS256 with the RS256 key's own private key: a valid RSA signature, but not this key's algorithm.
    const pss = await forgeToken({ alg: 'PS256', kid: 'rsa-1', typ: 'at+jwt' }, claims(), {
      key: await crypto.subtle.importKey('jwk', rsa.privateJwk, { name: 'RSA-PSS', hash: 'SHA-256' }, false, [
        'sign',
      ]),
      alg: 'PS256',
    })
    expect(await reason(pss)).toBe('alg_not_allowed')
    const es = await forgeToken({ alg: 'ES256', kid: 'ed-1', typ: 'at+jwt' }, claims(), {
      key: ec.privateKey,
      alg: 'ES256',
    })
    expect(await reason(es)).toBe('alg_not_allowed')
  })

  it('refuses algorithms outside the allow-list (RS512, ES384, HS1, lowercase hs256)', async () => {
    for (const alg of ['RS512', 'ES384', 'HS1', 'hs256', 'eddsa', 'Ed25519', '']) {
      const token = await signed({ alg, kid: 'ed-1', typ: 'at+jwt' })
      expect(await reason(token)).toBe('alg_not_allowed')
    }
  })

  it('refuses a header without alg or with a non-string alg', async () => {
    expect(await reason(await signed({ kid: 'ed-1', typ: 'at+jwt' }))).toBe('alg_not_allowed')
    expect(await reason(await signed({ alg: ['EdDSA'], kid: 'ed-1', typ: 'at+jwt' }))).toBe('alg_not_allowed')
  })
})

describe('verify: kid (JWT-3, J-5)', () => {
  it('refuses an unknown kid', async () => {
    expect(await reason(await signed({ ...HEADER, kid: 'ed-2' }))).toBe('unknown_kid')
  })

  it('refuses a token without kid, even though it is signed by the signing key', async () => {
    expect(await reason(await signed({ alg: 'EdDSA', typ: 'at+jwt' }))).toBe('unknown_kid')
  })

  it('treats kid as an opaque exact-match key: paths, SQL, case, long values', async () => {
    for (const kid of [
      '../../../../dev/null',
      "' OR 1=1 --",
      'ED-1',
      'ed-1 ',
      ' ed-1',
      'x'.repeat(4000),
      '__proto__',
      'constructor',
    ])
      expect(await reason(await signed({ ...HEADER, kid }))).toBe('unknown_kid')
  })

  it('refuses a non-string kid', async () => {
    for (const kid of [1, null, ['ed-1'], { id: 'ed-1' }])
      expect(await reason(await signed({ ...HEADER, kid }))).toBe('unknown_kid')
  })
})

describe('verify: header parameters (JWT-3, J-4)', () => {
  it('refuses an embedded jwk, even when the token is signed with that key (CVE-2018-0114)', async () => {
    const attacker = await generateTestKeyPair('EdDSA')
    const token = await forgeToken({ ...HEADER, jwk: attacker.publicJwk }, claims(), {
      key: attacker.privateKey,
      alg: 'EdDSA',
    })
    expect(await reason(token)).toBe('unsupported_header')
  })

  it.each([
    ['jku', 'http://127.0.0.1:9/jwks.json'],
    ['x5u', 'http://127.0.0.1:9/cert.pem'],
    ['x5c', ['MIIB']],
    ['x5t', 'abc'],
    ['x5t#S256', 'abc'],
    ['crit', ['exp']],
    ['crit', []],
    ['b64', false],
    ['enc', 'A256GCM'],
    ['zip', 'DEF'],
    ['cty', 'JWT'],
  ])('refuses header %s, even on a valid signature', async (name, value) => {
    expect(await reason(await signed({ ...HEADER, [name]: value }))).toBe('unsupported_header')
  })
})

describe('verify: typ (JWT-5, RFC 9068 §4)', () => {
  it.each(['at+jwt', 'AT+JWT', 'At+Jwt', 'application/at+jwt', 'Application/AT+JWT'])(
    'accepts typ %s',
    async (typ) => {
      expect(await reason(await signed({ ...HEADER, typ }))).toBe('valid')
    },
  )

  it.each([
    'JWT',
    'jwt',
    'rt+jwt',
    'application/jwt',
    'at+jwt; charset=utf-8',
    ' at+jwt',
    'application/at+jwt/x',
    'text/at+jwt',
    '',
  ])('refuses typ %j (a token of another kind, J-10)', async (typ) => {
    expect(await reason(await signed({ ...HEADER, typ }))).toBe('wrong_typ')
  })

  it('refuses a missing or non-string typ', async () => {
    expect(await reason(await signed({ alg: 'EdDSA', kid: 'ed-1' }))).toBe('wrong_typ')
    expect(await reason(await signed({ ...HEADER, typ: ['at+jwt'] }))).toBe('wrong_typ')
  })
})

describe('verify: exp, nbf, iat against the injected clock (JWT-4, J-6)', () => {
  const now = START_SECONDS

  it('accepts until the second before exp, and refuses at exp with no leeway', async () => {
    const token = await signed(HEADER, claims({ exp: now + 60 }))
    expect(await reason(token)).toBe('valid')
    clock.advanceSeconds(59.999)
    expect(await reason(token)).toBe('valid')
    clock.advanceMilliseconds(1)
    expect(await reason(token)).toBe('expired')
    clock.set(new Date(START_SECONDS * 1000))
  })

  it('refuses exp = now, exp in the past, exp beyond the skew in the past', async () => {
    for (const exp of [now, now - 1, now - 31, now - 86_400])
      expect(await reason(await signed(HEADER, claims({ exp, iat: now - 90_000 })))).toBe('expired')
  })

  it('refuses a token without exp, or with a non-numeric exp', async () => {
    for (const exp of [undefined, '2030-01-01', null, `${now + 60}`, [now + 60]])
      expect(await reason(await signed(HEADER, claims({ exp })))).toBe('invalid_claims')
  })

  it('accepts nbf up to the skew (30 s) ahead and refuses beyond', async () => {
    expect(await reason(await signed(HEADER, claims({ nbf: now + 30 })))).toBe('valid')
    expect(await reason(await signed(HEADER, claims({ nbf: now + 31 })))).toBe('not_yet_valid')
    expect(await reason(await signed(HEADER, claims({ nbf: now + 120 })))).toBe('not_yet_valid')
    expect(await reason(await signed(HEADER, claims({ nbf: 'soon' })))).toBe('invalid_claims')
  })

  it('accepts iat up to the skew ahead and refuses beyond (one hour in the future)', async () => {
    expect(await reason(await signed(HEADER, claims({ iat: now + 30 })))).toBe('valid')
    expect(await reason(await signed(HEADER, claims({ iat: now + 31 })))).toBe('issued_in_future')
    expect(await reason(await signed(HEADER, claims({ iat: now + 3600, exp: now + 4500 })))).toBe(
      'issued_in_future',
    )
    expect(await reason(await signed(HEADER, claims({ iat: undefined })))).toBe('invalid_claims')
  })

  it('says expired only of a token that is otherwise ours (issuer and audience first)', async () => {
    const expiredElsewhere = await signed(HEADER, claims({ exp: now - 1, aud: 'https://other.test' }))
    expect(await reason(expiredElsewhere)).toBe('wrong_audience')
  })
})

describe('verify: iss and aud (JWT-4, J-7, J-8)', () => {
  it('refuses a wrong or missing issuer (exact match)', async () => {
    for (const iss of ['https://evil.test', `${ISSUER}/`, ISSUER.toUpperCase(), undefined, null, [ISSUER]])
      expect(await reason(await signed(HEADER, claims({ iss })))).toBe('wrong_issuer')
  })

  it('accepts aud as a string or an array containing the audience', async () => {
    expect(await reason(await signed(HEADER, claims({ aud: [AUDIENCE] })))).toBe('valid')
    expect(await reason(await signed(HEADER, claims({ aud: ['https://other.test', AUDIENCE] })))).toBe(
      'valid',
    )
  })

  it('refuses aud missing, empty, of another service, or mistyped', async () => {
    for (const aud of [
      undefined,
      '',
      [],
      ['https://other.test'],
      'https://other.test',
      `${AUDIENCE}/`,
      [1],
      { aud: AUDIENCE },
    ])
      expect(await reason(await signed(HEADER, claims({ aud })))).toBe('wrong_audience')
  })
})

describe('verify: other claims', () => {
  it.each([
    ['sub missing', { sub: undefined }],
    ['sub empty', { sub: '' }],
    ['sub a number', { sub: 42 }],
    ['jti missing', { jti: undefined }],
    ['roles missing', { roles: undefined }],
    ['roles not strings', { roles: ['admin', 1] }],
    ['scopes a string', { scopes: 'read' }],
    ['sid empty', { sid: '' }],
    ['sid a number', { sid: 7 }],
    ['iat a string', { iat: `${START_SECONDS}` }],
  ])('refuses %s', async (_name, overrides) => {
    expect(await reason(await signed(HEADER, claims(overrides)))).toBe('invalid_claims')
  })

  it('refuses a payload that is not a JSON object', async () => {
    for (const payload of ['[1,2]', '"text"', '42', 'null', 'not json', '{"a":1', '\uFEFF{}'])
      expect(await reason(await signed(HEADER, payload))).toBe('malformed')
  })
})

describe('verify: signature', () => {
  it('refuses a token whose payload was changed by one character (T-6)', async () => {
    const token = await signed()
    const [h, p, s] = token.split('.') as [string, string, string]
    const tampered = encodeSegment({ ...claims(), roles: ['admin'] })
    expect(await reason(`${h}.${tampered}.${s}`)).toBe('bad_signature')
    const flipped = p.slice(0, 10) + (p[10] === 'A' ? 'B' : 'A') + p.slice(11)
    expect(['bad_signature', 'malformed']).toContain(await reason(`${h}.${flipped}.${s}`))
  })

  it('refuses a changed or truncated signature', async () => {
    const token = await signed()
    const [h, p, s] = token.split('.') as [string, string, string]
    const changed = (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
    expect(await reason(`${h}.${p}.${changed}`)).toBe('bad_signature')
    expect(await reason(`${h}.${p}.${s.slice(0, 40)}`)).toBe('bad_signature')
  })

  it('refuses a token signed by another key under our kid', async () => {
    const other = await generateTestKeyPair('EdDSA')
    const token = await forgeToken(HEADER, claims(), { key: other.privateKey, alg: 'EdDSA' })
    expect(await reason(token)).toBe('bad_signature')
  })
})

describe('verify: compact serialisation (JWT-6, J-11)', () => {
  it('refuses the wrong number of segments (2, 4, 5 as in JWE)', async () => {
    const token = await signed()
    const [h, p, s] = token.split('.') as [string, string, string]
    for (const bad of [
      `${h}.${p}`,
      `${token}.`,
      `${token}.${s}`,
      `${h}.${h}.${p}.${p}.${s}`,
      `${h}..${s}`,
      `.${p}.${s}`,
    ])
      expect(await reason(bad)).toBe('malformed')
  })

  it('refuses whitespace anywhere, padding, and characters outside base64url', async () => {
    const token = await signed()
    const [h, p, s] = token.split('.') as [string, string, string]
    for (const bad of [
      ` ${token}`,
      `${token} `,
      `${token}\n`,
      `${h}. ${p}.${s}`,
      `${h}.${p}.${s.slice(0, 20)} ${s.slice(20)}`,
      `${h}=.${p}.${s}`,
      `${h}.${p}.${s}==`,
      `${h.replace(/-/g, '+')}.${p}.${s}+`,
      `${h}.${p}.${s}/`,
      `Bearer ${token}`,
      `"${token}"`,
      token.replace('.', '\u2024'),
    ])
      expect(await reason(bad)).toBe('malformed')
  })

  it('refuses non-canonical base64url (modified unused bits)', async () => {
    const token = await signed()
    const [h, p, s] = token.split('.') as [string, string, string]
    // An Ed25519 signature is 64 bytes: 86 characters whose last carries 4 unused bits.
    const last = s.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!
    expect(await reason(`${h}.${p}.${s.slice(0, -1)}${sibling}`)).toBe('malformed')
  })

  it('refuses the JSON serialisation of a valid token', async () => {
    const [h, p, s] = (await signed()).split('.') as [string, string, string]
    const flattened = JSON.stringify({ protected: h, payload: p, signature: s })
    const general = JSON.stringify({ payload: p, signatures: [{ protected: h, signature: s }] })
    expect(await reason(flattened)).toBe('malformed')
    expect(await reason(general)).toBe('malformed')
  })

  it('refuses a header that is not a UTF-8 JSON object', async () => {
    const [, p, s] = (await signed()).split('.') as [string, string, string]
    for (const header of [
      '[]',
      '"EdDSA"',
      'null',
      '{"alg":"EdDSA"',
      '\uFEFF{"alg":"EdDSA","kid":"ed-1","typ":"at+jwt"}',
    ])
      expect(await reason(`${encodeSegment(header)}.${p}.${s}`)).toBe('malformed')
    const invalidUtf8 = base64url.encode(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))
    expect(await reason(`${invalidUtf8}.${p}.${s}`)).toBe('malformed')
  })

  it('refuses an oversized token before parsing it (8 KiB by default)', async () => {
    const big = `${'a'.repeat(4000)}.${'b'.repeat(4000)}.${'c'.repeat(193)}`
    expect(big.length).toBe(8195)
    expect(await reason(big)).toBe('too_large')
    expect(await reason('a'.repeat(1_000_000))).toBe('too_large')
  })

  it('accepts a token at the size limit', async () => {
    const padding = 'x'.repeat(100)
    let token = await signed(HEADER, claims({ pad: padding }))
    const room = 8192 - token.length
    // Each 3 payload bytes add 4 characters; fill the room (roughly) and check the edge exactly.
    token = await signed(HEADER, claims({ pad: padding + 'x'.repeat(Math.floor((room * 3) / 4)) }))
    expect(token.length).toBeLessThanOrEqual(8192)
    expect(token.length).toBeGreaterThan(8180)
    expect(await reason(token)).toBe('valid')
  })
})
