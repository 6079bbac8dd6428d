import { describe, expect, it } from 'vitest'
import { type ContractContext, PASSWORD } from '../context.js'

/** CSRF, content types, body limits, unknown routes and methods: every refusal is a 4xx JSON error. */
export function describeRequestGuards(c: ContractContext): void {
  describe('request guards', () => {
    it('an unsafe request from another origin, or with no origin at all, is 403 csrf_rejected', async () => {
      const body = { identifier: c.email('csrf'), password: PASSWORD }
      for (const origin of ['https://evil.test', null]) {
        const answer = await c.browser().request('POST', '/login', body, { origin })
        expect(answer.status, String(origin)).toBe(403)
        expect(answer.json.error.code).toBe('csrf_rejected')
      }
    })

    it('a body that is not JSON is 415; broken JSON is 400; an oversized body is 413', async () => {
      const browser = c.browser()
      const form = await browser.request('POST', '/login', undefined, {
        rawBody: 'identifier=a&password=b',
        contentType: 'application/x-www-form-urlencoded',
      })
      expect(form.status).toBe(415)
      const broken = await browser.request('POST', '/login', undefined, { rawBody: '{"identifier":' })
      expect(broken.status).toBe(400)
      const huge = await browser.request('POST', '/login', undefined, {
        rawBody: JSON.stringify({ identifier: 'a', password: 'x'.repeat(200_000) }),
      })
      expect(huge.status).toBe(413)
      expect(huge.json.error.code).toBe('payload_too_large')
    })

    it('an unknown path is 404 and a wrong method 405 with Allow, both JSON', async () => {
      const browser = c.browser()
      const missing = await browser.request('GET', '/no-such-endpoint')
      expect(missing.status).toBe(404)
      expect(missing.json.error.code).toBe('not_found')
      const wrong = await browser.request('PUT', '/login', {})
      expect(wrong.status).toBe(405)
      expect(wrong.headers.get('allow')).toContain('POST')
    })

    it('prototype keys in a body are refused (400) and change nothing for later requests (N-2)', async () => {
      const browser = c.browser()
      const poisoned = await browser.request('POST', '/register', undefined, {
        rawBody: `{"email":"${c.email('proto')}","password":"${PASSWORD}","__proto__":{"roles":["admin"]}}`,
      })
      expect(poisoned.status).toBe(400)
      expect(poisoned.json.error.code).toBe('invalid_request')
      const roles = await browser.request('POST', '/register', {
        email: c.email('proto'),
        password: PASSWORD,
        roles: ['admin'],
      })
      expect(roles.status).toBe(201)
      expect(roles.json.user.roles).toEqual([])
    })
  })
}
