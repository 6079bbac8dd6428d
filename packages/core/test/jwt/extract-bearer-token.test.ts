import { describe, expect, it } from 'vitest'
import { createBearerTokenExtractor, extractBearerToken } from '../../src/jwt/extract-bearer-token.js'
import type { BearerTokenLocations } from '../../src/jwt/types.js'

const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl'

function request(init: { headers?: [string, string][]; url?: string } = {}): Request {
  const headers = new Headers()
  for (const [name, value] of init.headers ?? []) headers.append(name, value)
  return new Request(init.url ?? 'https://api.test/me', { headers })
}

function extract(init: Parameters<typeof request>[0], locations?: BearerTokenLocations) {
  return extractBearerToken(request(init), locations)
}

describe('extractBearerToken: Authorization header (default)', () => {
  it('reads `Bearer <token>`, the scheme in any case, extra spaces after it', () => {
    expect(extract({ headers: [['authorization', `Bearer ${TOKEN}`]] })).toBe(TOKEN)
    expect(extract({ headers: [['Authorization', `bearer ${TOKEN}`]] })).toBe(TOKEN)
    expect(extract({ headers: [['authorization', `BEARER   ${TOKEN}`]] })).toBe(TOKEN)
    expect(extract({ headers: [['authorization', `Bearer ${TOKEN}  `]] })).toBe(TOKEN)
  })

  it('accepts RFC 6750 b64token characters, opaque tokens included', () => {
    for (const token of ['abc', 'a-b.c_d~e+f/g', 'abc==', 'pc_live_0123456789'])
      expect(extract({ headers: [['authorization', `Bearer ${token}`]] })).toBe(token)
  })

  it('gives null for no header, another scheme, or no token', () => {
    expect(extract({})).toBeNull()
    expect(extract({ headers: [['authorization', 'Basic dXNlcjpwYXNz']] })).toBeNull()
    expect(extract({ headers: [['authorization', 'Bearer']] })).toBeNull()
    expect(extract({ headers: [['authorization', 'Bearer ']] })).toBeNull()
    expect(extract({ headers: [['authorization', 'Bearertoken']] })).toBeNull()
    expect(extract({ headers: [['authorization', TOKEN]] })).toBeNull()
  })

  it('gives null, never throws, on malformed values (T-3, next-auth CVE-2026-73418)', () => {
    const bad = [
      'Bearer %E0%A4%A',
      'Bearer %',
      `Bearer ${TOKEN}%00`,
      `Bearer "${TOKEN}"`,
      `Bearer ${TOKEN} extra`,
      `Bearer ${TOKEN},abc`,
      'Bearer =abc',
      'Bearer a\tb',
      'Bearer ä',
      `Bearer ${'a'.repeat(8193)}`,
      `Bearer ${'a'.repeat(64 * 1024)}`,
    ]
    for (const value of bad) {
      let headers: [string, string][]
      try {
        headers = [['authorization', value]]
        new Headers(headers)
      } catch {
        continue // not a value a Request can even carry
      }
      expect(() => extract({ headers })).not.toThrow()
      expect(extract({ headers })).toBeNull()
    }
  })

  it('gives null for two Authorization headers (ambiguous)', () => {
    expect(
      extract({
        headers: [
          ['authorization', `Bearer ${TOKEN}`],
          ['authorization', 'Bearer other'],
        ],
      }),
    ).toBeNull()
  })

  it('uses a configured header name and scheme', () => {
    const locations = { header: { name: 'x-access-token', scheme: 'Token' } }
    expect(extract({ headers: [['x-access-token', `Token ${TOKEN}`]] }, locations)).toBe(TOKEN)
    expect(extract({ headers: [['authorization', `Bearer ${TOKEN}`]] }, locations)).toBeNull()
    expect(extract({ headers: [['authorization', `DPoP ${TOKEN}`]] }, { header: { scheme: 'DPoP' } })).toBe(
      TOKEN,
    )
  })

  it('honours a smaller maxTokenBytes', () => {
    expect(
      extract({ headers: [['authorization', `Bearer ${'a'.repeat(100)}`]] }, { maxTokenBytes: 99 }),
    ).toBeNull()
    expect(extract({ headers: [['authorization', `Bearer ${'a'.repeat(99)}`]] }, { maxTokenBytes: 99 })).toBe(
      'a'.repeat(99),
    )
  })
})

describe('extractBearerToken: cookie', () => {
  it('reads the named cookie only when configured, by exact name', () => {
    const headers: [string, string][] = [['cookie', `theme=dark; access_token=${TOKEN}`]]
    expect(extract({ headers })).toBeNull()
    expect(extract({ headers }, { cookie: 'access_token' })).toBe(TOKEN)
    expect(extract({ headers: [['cookie', `Access_Token=${TOKEN}`]] }, { cookie: 'access_token' })).toBeNull()
  })

  it('gives null for a duplicated, quoted, empty or percent-encoded cookie value', () => {
    for (const cookie of [
      `access_token=${TOKEN}; access_token=other`,
      `access_token="${TOKEN}"`,
      'access_token=',
      'access_token=%E0%A4%A',
      'access_token=a%2Eb',
    ])
      expect(extract({ headers: [['cookie', cookie]] }, { cookie: 'access_token' })).toBeNull()
  })

  it('lets the header decide when both are present; a malformed header does not fall through to the cookie', () => {
    const locations = { cookie: 'access_token' }
    const cookie: [string, string] = ['cookie', 'access_token=from-cookie']
    expect(extract({ headers: [['authorization', `Bearer ${TOKEN}`], cookie] }, locations)).toBe(TOKEN)
    expect(extract({ headers: [['authorization', 'Bearer %zz'], cookie] }, locations)).toBeNull()
    expect(extract({ headers: [['authorization', 'Basic dXNlcjpwYXNz'], cookie] }, locations)).toBe(
      'from-cookie',
    )
  })
})

describe('extractBearerToken: query string', () => {
  it('is never read unless explicitly enabled (T-4, TOK-2)', () => {
    expect(extract({ url: `https://api.test/me?access_token=${TOKEN}` })).toBeNull()
    expect(
      extract({ url: `https://api.test/me?access_token=${TOKEN}` }, { cookie: 'access_token' }),
    ).toBeNull()
  })

  it('reads the named parameter when enabled', () => {
    const locations = { query: 'access_token' }
    expect(extract({ url: `https://api.test/events?access_token=${TOKEN}` }, locations)).toBe(TOKEN)
    expect(extract({ url: `https://api.test/events?token=${TOKEN}` }, locations)).toBeNull()
  })

  it('gives null for a repeated parameter or a malformed value, without throwing', () => {
    const locations = { query: 'access_token' }
    for (const search of [
      `access_token=${TOKEN}&access_token=x`,
      'access_token=%E0%A4%A',
      'access_token=%',
      'access_token=',
      'access_token=a%20b',
    ])
      expect(extract({ url: `https://api.test/events?${search}` }, locations)).toBeNull()
  })

  it('can be the only location', () => {
    const locations = { header: false as const, query: 'at' }
    expect(
      extract(
        { url: `https://api.test/?at=${TOKEN}`, headers: [['authorization', 'Bearer other']] },
        locations,
      ),
    ).toBe(TOKEN)
  })
})

describe('createBearerTokenExtractor: options are checked once', () => {
  it.each([
    [{ header: { name: 'bad header' } }],
    [{ header: { scheme: 'Bad Scheme' } }],
    [{ header: { name: '' } }],
    [{ cookie: 'bad;name' }],
    [{ cookie: '' }],
    [{ query: '' }],
    [{ maxTokenBytes: 0 }],
    [{ maxTokenBytes: 1.5 }],
  ] as BearerTokenLocations[][])('throws a TypeError for %j', (locations) => {
    expect(() => createBearerTokenExtractor(locations)).toThrow(TypeError)
  })

  it('returns a named function reusable across requests', () => {
    const extractor = createBearerTokenExtractor({ cookie: 'at' })
    expect(extractor.name).toBe('extractBearerToken')
    expect(extractor(request({ headers: [['cookie', `at=${TOKEN}`]] }))).toBe(TOKEN)
    expect(extractor(request())).toBeNull()
  })
})
