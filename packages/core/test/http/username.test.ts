import { describe, expect, it } from 'vitest'
import { createTestAuth, errorOf, GOOD_PASSWORD, jsonRequest, register } from '../helpers/test-auth.js'

const change = (id: string, username: unknown, cookie: string) =>
  jsonRequest('POST', `/auth/users/${id}/username`, { username }, { cookie })

describe('POST /users/:id/username', () => {
  it('lets a user change their own username', async () => {
    const { auth } = createTestAuth()
    const { cookie, userId } = await register(auth)
    const response = await auth.handler(change(userId, 'Ada_L', cookie))
    expect(response.status).toBe(200)
    expect(((await response.json()) as { user: { username: string } }).user.username).toBe('Ada_L')
    const login = await auth.handler(
      jsonRequest('POST', '/auth/login', { identifier: 'ada_l', password: GOOD_PASSWORD }),
    )
    expect(login.status).toBe(200)
  })

  it('answers 409 for a name taken case-insensitively, 400 when unchanged or invalid', async () => {
    const { auth } = createTestAuth()
    await register(auth, { email: 'grace@example.com', username: 'grace' })
    const { cookie, userId } = await register(auth, { username: 'ada' })
    const taken = await auth.handler(change(userId, 'GRACE', cookie))
    expect(taken.status).toBe(409)
    expect((await errorOf(taken)).code).toBe('username_taken')
    const same = await auth.handler(change(userId, 'ada', cookie))
    expect(same.status).toBe(400)
    expect(await errorOf(same)).toMatchObject({ code: 'invalid_request', fields: { username: 'unchanged' } })
    for (const bad of ['a', 'ada lovelace', 42])
      expect((await auth.handler(change(userId, bad, cookie))).status).toBe(400)
    // A case-only change of one's own name is a change.
    expect((await auth.handler(change(userId, 'Ada', cookie))).status).toBe(200)
  })

  it('refuses other users with 403 whether or not the id exists; an admin may, and gets 404 for unknown ids', async () => {
    const { auth } = createTestAuth()
    const victim = await register(auth, { email: 'victim@example.com', username: 'victim' })
    const eve = await register(auth, { email: 'eve@example.com' })
    const forbidden = await auth.handler(change(victim.userId, 'pwned', eve.cookie))
    expect(forbidden.status).toBe(403)
    expect((await errorOf(forbidden)).code).toBe('forbidden')
    expect(
      (await auth.handler(change('00000000-0000-7000-8000-000000000000', 'x_y_z', eve.cookie))).status,
    ).toBe(403)
    await auth.api.updateUser(eve.userId, { roles: ['admin'] })
    expect((await auth.handler(change(victim.userId, 'renamed', eve.cookie))).status).toBe(200)
    const unknown = await auth.handler(change('00000000-0000-7000-8000-000000000000', 'x_y_z', eve.cookie))
    expect(unknown.status).toBe(404)
    expect(
      (await auth.handler(jsonRequest('POST', `/auth/users/${victim.userId}/username`, { username: 'abc' })))
        .status,
    ).toBe(401)
  })
})
