import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, createTestAuth, GOOD_PASSWORD, register } from '../helpers/test-auth.js'

const paths = fc.oneof(
  fc.constantFrom(
    '/auth/register',
    '/auth/login',
    '/auth/logout',
    '/auth/me',
    '/auth/change-password',
    '/auth/sessions',
    '/auth/sessions/abc',
    '//auth//login/',
    '/auth/%ZZ',
    '/auth/sessions/%2F..%2F',
  ),
  fc.webPath().map((p) => `/auth${p}`),
)

const jsonValue = fc.jsonValue({ maxDepth: 3 })
const bodies = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        email: fc.oneof(fc.emailAddress(), fc.string(), jsonValue),
        identifier: fc.oneof(fc.emailAddress(), fc.string(), jsonValue),
        password: fc.oneof(
          fc.constant(GOOD_PASSWORD),
          fc.string({ unit: 'grapheme', maxLength: 80 }),
          jsonValue,
        ),
        username: fc.oneof(fc.string(), jsonValue),
        currentPassword: fc.oneof(fc.string(), jsonValue),
        newPassword: fc.oneof(fc.string(), jsonValue),
        displayName: jsonValue,
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
)

const headerSets = fc.record(
  {
    origin: fc.oneof(fc.constant(APP_ORIGIN), fc.constant('null'), fc.webUrl()),
    'content-type': fc.constantFrom('application/json', 'text/plain', 'APPLICATION/JSON; charset=x', ''),
    'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'same-site', 'none', 'garbage'),
    'content-length': fc.constantFrom('0', '5', '-1', 'abc', '99999999999'),
    cookie: fc.oneof(fc.string(), fc.constant('__Host-portcullis.session=a.b; __Host-portcullis.session=c')),
    referer: fc.oneof(fc.webUrl(), fc.string()),
  },
  { requiredKeys: [] },
)

describe('auth.handler under arbitrary input', () => {
  it('never answers 5xx and always answers JSON errors with a stable code', async () => {
    const { auth, logger } = createTestAuth()
    const { cookie } = await register(auth)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS'),
        paths,
        bodies,
        headerSets,
        fc.boolean(),
        async (method, path, body, headers, withSession) => {
          const init: RequestInit = { method, headers: { ...headers } }
          if (withSession) (init.headers as Record<string, string>).cookie = cookie
          if (body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = body
          let request: Request
          try {
            request = new Request(`${APP_ORIGIN}${path}`, init)
          } catch {
            return // not a request a runtime could deliver
          }
          const response = await auth.handler(request)
          expect(response.status).toBeLessThan(500)
          if (response.status >= 400) {
            const json = (await response.json()) as { error: { code: string } }
            expect(json.error.code).toMatch(/^[a-z_]+$/)
          }
        },
      ),
      { numRuns: 400 },
    )
    expect(logger.errors).toEqual([])
  })
})
