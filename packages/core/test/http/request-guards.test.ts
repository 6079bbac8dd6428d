import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createTestAuth,
  errorOf,
  GOOD_PASSWORD,
  jsonRequest,
  register,
} from '../helpers/test-auth.js'

function requestWith(
  headers: Record<string, string>,
  init: { method?: string; body?: BodyInit; path?: string } = {},
) {
  return new Request(`${APP_ORIGIN}${init.path ?? '/auth/login'}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: init.body ?? JSON.stringify({ identifier: 'ada@example.com', password: GOOD_PASSWORD }),
  })
}

describe('request guards', () => {
  describe('origin check on unsafe requests (CSRF-1, C-1..C-7)', () => {
    it.each([
      ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site', origin: APP_ORIGIN }],
      ['Sec-Fetch-Site same-site (not allowed by default)', { 'sec-fetch-site': 'same-site' }],
      ['Sec-Fetch-Site none', { 'sec-fetch-site': 'none' }],
      ['foreign Origin', { origin: 'https://evil.test' }],
      ['look-alike Origin', { origin: 'https://app.test.evil.test' }],
      ['Origin null', { origin: 'null' }],
      ['http variant of the origin', { origin: 'http://app.test' }],
      ['no Origin, no Referer', {}],
      ['foreign Referer', { referer: 'https://evil.test/page' }],
    ])('refuses %s with 403 csrf_rejected', async (_name, headers) => {
      const { auth } = createTestAuth()
      await register(auth)
      const response = await auth.handler(requestWith(headers))
      expect(response.status).toBe(403)
      expect((await errorOf(response)).code).toBe('csrf_rejected')
    })

    it.each([
      ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }],
      ['the configured Origin', { origin: APP_ORIGIN }],
      ['a Referer on the configured origin', { referer: `${APP_ORIGIN}/login?next=/` }],
    ])('accepts %s', async (_name, headers) => {
      const { auth } = createTestAuth()
      await register(auth)
      expect((await auth.handler(requestWith(headers))).status).toBe(200)
    })

    it('accepts same-site when configured, and never trusts Host or X-Forwarded-Host', async () => {
      const { auth } = createTestAuth({ http: { allowSameSite: true } })
      await register(auth)
      expect((await auth.handler(requestWith({ 'sec-fetch-site': 'same-site' }))).status).toBe(200)
      const spoofed = requestWith({
        origin: 'https://evil.test',
        host: 'evil.test',
        'x-forwarded-host': 'evil.test',
      })
      expect((await auth.handler(spoofed)).status).toBe(403)
    })

    it('checks cookie-authenticated unsafe requests too, before anything is changed', async () => {
      const { auth } = createTestAuth()
      const { cookie } = await register(auth)
      const response = await auth.handler(
        new Request(`${APP_ORIGIN}/auth/sessions?all=true`, {
          method: 'DELETE',
          headers: { cookie, origin: 'https://evil.test' },
        }),
      )
      expect(response.status).toBe(403)
      expect((await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))).status).toBe(200)
    })
  })

  it('refuses non-JSON content types, whatever their case (CSRF-4, C-6)', async () => {
    const { auth } = createTestAuth()
    for (const type of [
      'text/plain',
      'Text/Plain',
      'Application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await auth.handler(requestWith({ origin: APP_ORIGIN, 'content-type': type }))
      expect(response.status, type).toBe(415)
      expect((await errorOf(response)).code).toBe('unsupported_media_type')
    }
    await register(auth)
    const mixedCaseJson = await auth.handler(
      requestWith({ origin: APP_ORIGIN, 'content-type': 'Application/JSON; charset=UTF-8' }),
    )
    expect(mixedCaseJson.status).toBe(200)
  })

  it('answers 413 over the body limit, by declared length and by the bytes of a chunked stream (IN-1, N-4)', async () => {
    const { auth } = createTestAuth({ http: { maxBodyBytes: 2048 } })
    const big = JSON.stringify({ identifier: 'a@example.com', password: 'x'.repeat(4096) })
    expect((await auth.handler(requestWith({ origin: APP_ORIGIN }, { body: big }))).status).toBe(413)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)))
        controller.close()
      },
    })
    const chunked = new Request(`${APP_ORIGIN}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: APP_ORIGIN, 'content-length': '10' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    const response = await auth.handler(chunked)
    expect(response.status).toBe(413)
    expect((await errorOf(response)).code).toBe('payload_too_large')
  })

  it('answers 400 for malformed JSON, non-objects and prototype keys (IN-2, N-2)', async () => {
    const { auth } = createTestAuth()
    for (const body of [
      '{',
      '[]',
      '"x"',
      'null',
      '{"__proto__":{"isAdmin":true},"identifier":"a@b.co","password":"x"}',
      '{"constructor":{"prototype":{"x":1}}}',
    ]) {
      const response = await auth.handler(requestWith({ origin: APP_ORIGIN }, { body }))
      expect(response.status, body).toBe(400)
      expect((await errorOf(response)).code).toBe('invalid_request')
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('answers 405 with Allow when a state-changing route is reached by GET (CSRF-3, C-8)', async () => {
    const { auth } = createTestAuth()
    const response = await auth.handler(new Request(`${APP_ORIGIN}/auth/logout`))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('answers 404 not_found for unknown paths and paths outside the base path', async () => {
    const { auth } = createTestAuth()
    for (const path of ['/auth/nope', '/other/login', '/auth', '/authx/login', '/auth/%E0%A4%A']) {
      const response = await auth.handler(new Request(`${APP_ORIGIN}${path}`))
      expect(response.status, path).toBe(404)
      expect((await errorOf(response)).code).toBe('not_found')
    }
  })

  it('routes normalised paths the same way, so variants share limits and guards (BF-3, B-4)', async () => {
    const { auth } = createTestAuth({ rateLimit: { loginPerAccount: { max: 3, windowSeconds: 900 } } })
    await register(auth)
    const statuses: number[] = []
    for (const path of ['/auth/login', '//auth/login', '/auth/login/', '/auth/%6Cogin']) {
      const response = await auth.handler(
        requestWith(
          { origin: APP_ORIGIN },
          { path, body: JSON.stringify({ identifier: 'ada@example.com', password: 'wrong password 1' }) },
        ),
      )
      statuses.push(response.status)
    }
    expect(statuses).toEqual([401, 401, 401, 429])
  })

  it('sends no-store and Vary on every answer, errors included', async () => {
    const { auth } = createTestAuth()
    for (const response of [
      await auth.handler(new Request(`${APP_ORIGIN}/auth/me`)),
      await auth.handler(new Request(`${APP_ORIGIN}/auth/nope`)),
      await auth.handler(requestWith({})),
    ]) {
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('vary')).toContain('Origin')
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    }
  })
})
