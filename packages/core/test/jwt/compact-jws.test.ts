import { importJWK, jwtVerify } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ACCESS_TOKEN_HEADER_PARAMETERS,
  checkJwsHeader,
  parseCompactJws,
  verifyJwsSignature,
} from '../../src/jwt/compact-jws.js'
import type { VerificationKey } from '../../src/jwt/import-keys.js'
import { createTestIssuer, hmacSecret } from './helpers.js'

// RFC 7515 Appendix A.1: the HS256 example. Its header is {"typ":"JWT",\r\n "alg":"HS256"} (no
// kid, typ JWT), and its payload has "exp":1300819380 (2011-03-22T18:43:00Z).
const RFC7515_A1_KEY = {
  kty: 'oct',
  k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
}
const RFC7515_A1_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9' +
  '.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ' +
  '.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const RFC7515_A1_EXP = 1300819380

let a1Key: VerificationKey

beforeAll(async () => {
  const raw = new Uint8Array((await importJWK(RFC7515_A1_KEY, 'HS256')) as Uint8Array)
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
  a1Key = { kid: 'rfc7515-a1', alg: 'HS256', key }
})

describe('RFC 7515 Appendix A.1 (HS256)', () => {
  it('parses strictly (CRLF inside the JSON header is fine) and its signature verifies at the JWS level', async () => {
    const parsed = parseCompactJws(RFC7515_A1_TOKEN, 8192)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.jws.header).toEqual({ typ: 'JWT', alg: 'HS256' })
    expect(checkJwsHeader(parsed.jws.header, new Set(['alg', 'typ']))).toBeNull()
    expect(await verifyJwsSignature(parsed.jws, a1Key)).toBeNull()
    expect(JSON.parse(new TextDecoder().decode(parsed.jws.payload))).toEqual({
      iss: 'joe',
      exp: RFC7515_A1_EXP,
      'http://example.com/is_root': true,
    })
  })

  it('fails at the JWS level once a payload byte or the key changes', async () => {
    const [h, , s] = RFC7515_A1_TOKEN.split('.')
    const other = parseCompactJws(`${h}.eyJpc3MiOiJqb2UifQ.${s}`, 8192)
    if (!other.ok) throw new Error(other.reason)
    expect(await verifyJwsSignature(other.jws, a1Key)).toBe('bad_signature')
    const wrongKey = await crypto.subtle.importKey(
      'raw',
      new Uint8Array(64),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    )
    const parsed = parseCompactJws(RFC7515_A1_TOKEN, 8192)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(await verifyJwsSignature(parsed.jws, { ...a1Key, key: wrongKey })).toBe('bad_signature')
    expect(await verifyJwsSignature(parsed.jws, { ...a1Key, alg: 'HS512' })).toBe('alg_not_allowed')
  })

  it('is valid as a JWT one second before its exp and not at exp (the same rule as ours)', async () => {
    const key = await importJWK(RFC7515_A1_KEY, 'HS256')
    const before = new Date((RFC7515_A1_EXP - 1) * 1000)
    const at = new Date(RFC7515_A1_EXP * 1000)
    await expect(
      jwtVerify(RFC7515_A1_TOKEN, key, { algorithms: ['HS256'], currentDate: before }),
    ).resolves.toBeTruthy()
    await expect(
      jwtVerify(RFC7515_A1_TOKEN, key, { algorithms: ['HS256'], currentDate: at }),
    ).rejects.toThrow(/exp/)
  })

  it('is not an access token: the full verifier refuses it (typ JWT, no kid, no sub/jti)', async () => {
    const { jwt, clock } = createTestIssuer({
      issuer: 'joe',
      keys: [{ kid: 'rfc7515-a1', alg: 'HS256', secret: hmacSecret() }],
    })
    clock.set(new Date((RFC7515_A1_EXP - 60) * 1000))
    expect(await jwt.verifyDetailed(RFC7515_A1_TOKEN)).toEqual({ valid: false, reason: 'wrong_typ' })
  })
})

describe('parseCompactJws', () => {
  it('never throws, whatever it is given', () => {
    for (const input of [
      undefined,
      null,
      1,
      {},
      [],
      '',
      '.',
      '..',
      '...',
      'a.b.c',
      '\u0000.\u0000.\u0000',
      'é.é.é',
    ])
      expect(parseCompactJws(input, 8192).ok).toBe(false)
  })

  it('checks the length first, against the given cap', () => {
    expect(parseCompactJws('x'.repeat(1025), 1024)).toEqual({ ok: false, reason: 'too_large' })
    expect(parseCompactJws('x'.repeat(1024), 1024)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('refuses a segment of length 1 mod 4 (never valid base64url)', () => {
    const header = btoa('{"alg":"HS256"}').replace(/=+$/, '')
    expect(parseCompactJws(`${header}.e30.AAAAA`, 8192)).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('checkJwsHeader', () => {
  it('allows only the listed parameters and supported algorithms', () => {
    const allowed = ACCESS_TOKEN_HEADER_PARAMETERS
    expect(checkJwsHeader({ alg: 'ES256', kid: 'k', typ: 'at+jwt' }, allowed)).toBeNull()
    expect(checkJwsHeader({ alg: 'ES256', kid: 'k', typ: 'at+jwt', jwk: {} }, allowed)).toBe(
      'unsupported_header',
    )
    expect(checkJwsHeader({ alg: 'none' }, allowed)).toBe('alg_not_allowed')
    expect(checkJwsHeader({ alg: 'ES256', kid: 7 }, allowed)).toBe('unknown_kid')
    expect(checkJwsHeader({ alg: 'ES256', typ: 7 }, allowed)).toBe('wrong_typ')
    expect(checkJwsHeader(JSON.parse('{"alg":"ES256","__proto__":{"x":1}}'), allowed)).toBe(
      'unsupported_header',
    )
  })
})
