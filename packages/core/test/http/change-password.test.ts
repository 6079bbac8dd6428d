import { describe, expect, it } from 'vitest'
import { createTestAuth, errorOf, GOOD_PASSWORD, jsonRequest, login, register } from '../helpers/test-auth.js'

const NEW_PASSWORD = 'a whole new passphrase 2026'
const me = (cookie: string) => jsonRequest('GET', '/auth/me', undefined, { cookie })

describe('POST /change-password', () => {
  it('changes the password, keeps the current session and revokes the others (PW-8, S-6)', async () => {
    const { auth } = createTestAuth()
    const { cookie: a } = await register(auth)
    const b = await login(auth)
    const response = await auth.handler(
      jsonRequest(
        'POST',
        '/auth/change-password',
        { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD },
        { cookie: a },
      ),
    )
    expect(response.status).toBe(204)
    expect((await auth.handler(me(a))).status).toBe(200)
    expect((await auth.handler(me(b))).status).toBe(401)
    await expect(login(auth, 'ada@example.com', GOOD_PASSWORD)).rejects.toThrow(/401/)
    await login(auth, 'ada@example.com', NEW_PASSWORD)
  })

  it('refuses a wrong current password with 400 invalid_credentials and counts it against the account', async () => {
    const { auth } = createTestAuth({ rateLimit: { loginPerAccount: { max: 2, windowSeconds: 900 } } })
    const { cookie } = await register(auth)
    const attempt = () =>
      auth.handler(
        jsonRequest(
          'POST',
          '/auth/change-password',
          { currentPassword: 'not my password!!', newPassword: NEW_PASSWORD },
          { cookie },
        ),
      )
    const first = await attempt()
    expect(first.status).toBe(400)
    expect((await errorOf(first)).code).toBe('invalid_credentials')
    expect((await attempt()).status).toBe(400)
    expect((await attempt()).status).toBe(429)
  })

  it('applies the policy to the new password and needs both fields', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const weak = await auth.handler(
      jsonRequest(
        'POST',
        '/auth/change-password',
        { currentPassword: GOOD_PASSWORD, newPassword: 'short' },
        { cookie },
      ),
    )
    expect(weak.status).toBe(400)
    expect((await errorOf(weak)).code).toBe('weak_password')
    const missing = await auth.handler(
      jsonRequest('POST', '/auth/change-password', { newPassword: NEW_PASSWORD }, { cookie }),
    )
    expect(missing.status).toBe(400)
    expect(await errorOf(missing)).toMatchObject({
      code: 'invalid_request',
      fields: { currentPassword: expect.any(String) },
    })
  })

  it('needs a session', async () => {
    const { auth } = createTestAuth()
    const response = await auth.handler(
      jsonRequest('POST', '/auth/change-password', {
        currentPassword: GOOD_PASSWORD,
        newPassword: NEW_PASSWORD,
      }),
    )
    expect(response.status).toBe(401)
  })
})
