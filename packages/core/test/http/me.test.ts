import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APP_ORIGIN, createTestAuth, errorOf, jsonRequest, register } from '../helpers/test-auth.js'

describe('GET /me and PATCH /me', () => {
  it('returns the user for a valid session cookie', async () => {
    const { auth } = createTestAuth()
    const { cookie, userId } = await register(auth)
    const response = await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))
    expect(response.status).toBe(200)
    expect(((await response.json()) as { user: { id: string } }).user.id).toBe(userId)
  })

  it('answers 401 unauthenticated without a cookie, and clears a cookie that does not authenticate (SES-3)', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const none = await auth.handler(jsonRequest('GET', '/auth/me'))
    expect(none.status).toBe(401)
    expect((await errorOf(none)).code).toBe('unauthenticated')
    expect(none.headers.getSetCookie()).toEqual([])

    const tampered = cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A')
    const refused = await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie: tampered }))
    expect(refused.status).toBe(401)
    expect(refused.headers.getSetCookie()[0]).toMatch(
      /^__Host-portcullis\.session=; Path=\/; Max-Age=0; HttpOnly; Secure/,
    )
  })

  it('never reads a session token from the URL (SES-9, S-8)', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const token = cookie.split('=')[1]!
    for (const query of [`session=${token}`, `token=${token}`, `__Host-portcullis.session=${token}`]) {
      const response = await auth.handler(new Request(`${APP_ORIGIN}/auth/me?${query}`))
      expect(response.status).toBe(401)
    }
  })

  it('ignores look-alike cookie names and duplicated session cookies (CK-2)', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const token = cookie.split('=')[1]!
    for (const header of [
      `__host-portcullis.session=${token}`,
      `portcullis.session=${token}`,
      `${cookie}; ${cookie}`,
    ]) {
      expect((await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie: header }))).status).toBe(
        401,
      )
    }
    expect(
      (await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie: `a=1; ${cookie}; b=2` })))
        .status,
    ).toBe(200)
  })

  it('PATCH /me updates custom fields only, validated, and ignores base fields in the body', async () => {
    const { auth } = createTestAuth({
      user: { fields: z.object({ displayName: z.string().min(1).max(40).optional() }) },
    })
    const { cookie } = await register(auth)
    const response = await auth.handler(
      jsonRequest(
        'PATCH',
        '/auth/me',
        { displayName: 'Ada L.', roles: ['admin'], email: 'x@evil.test', isActive: false },
        { cookie },
      ),
    )
    expect(response.status).toBe(200)
    expect(((await response.json()) as { user: unknown }).user).toMatchObject({
      displayName: 'Ada L.',
      roles: [],
      email: 'ada@example.com',
      isActive: true,
    })
    const invalid = await auth.handler(jsonRequest('PATCH', '/auth/me', { displayName: '' }, { cookie }))
    expect(invalid.status).toBe(400)
    expect(await errorOf(invalid)).toMatchObject({
      code: 'invalid_request',
      fields: { displayName: expect.any(String) },
    })
    expect((await auth.handler(jsonRequest('PATCH', '/auth/me', { displayName: 'x' }))).status).toBe(401)
  })
})
