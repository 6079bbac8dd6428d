import { describe, expect, it } from 'vitest'
import { createTestAuth, errorOf, jsonRequest, login, register } from '../helpers/test-auth.js'

async function withAdmin() {
  const setup = createTestAuth()
  const admin = await register(setup.auth, { email: 'root@example.com' })
  await setup.auth.api.updateUser(admin.userId, { roles: ['admin'] })
  const user = await register(setup.auth, { email: 'user@example.com' })
  return { ...setup, admin, user }
}

describe('admin endpoints', () => {
  it('are 403 forbidden for non-admins and 401 without credentials', async () => {
    const { auth, user } = await withAdmin()
    for (const [method, path, body] of [
      ['GET', '/auth/admin/users', undefined],
      ['PATCH', `/auth/admin/users/${user.userId}`, { roles: ['admin'] }],
      ['POST', `/auth/admin/users/${user.userId}/revoke-sessions`, undefined],
    ] as const) {
      const forbidden = await auth.handler(jsonRequest(method, path, body, { cookie: user.cookie }))
      expect(forbidden.status, path).toBe(403)
      expect((await errorOf(forbidden)).code).toBe('forbidden')
      expect((await auth.handler(jsonRequest(method, path, body))).status).toBe(401)
    }
  })

  it('lists users page by page with a cursor', async () => {
    const { auth, admin } = await withAdmin()
    for (let i = 0; i < 3; i++) await auth.api.createUser({ email: `u${i}@example.com` })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `&cursor=${cursor}` : ''
      const response = await auth.handler(
        jsonRequest('GET', `/auth/admin/users?limit=2${query}`, undefined, { cookie: admin.cookie }),
      )
      expect(response.status).toBe(200)
      const page = (await response.json()) as {
        users: { email: string; passwordHash?: string }[]
        nextCursor: string | null
      }
      expect(page.users.length).toBeLessThanOrEqual(2)
      for (const user of page.users) expect(user).not.toHaveProperty('passwordHash')
      seen.push(...page.users.map((u) => u.email))
      cursor = page.nextCursor
    } while (cursor)
    // Same-millisecond ids order at random: every user once, none twice.
    expect([...seen].sort()).toEqual(
      ['root@example.com', 'user@example.com', 'u0@example.com', 'u1@example.com', 'u2@example.com'].sort(),
    )
    const bad = await auth.handler(
      jsonRequest('GET', '/auth/admin/users?limit=1000', undefined, { cookie: admin.cookie }),
    )
    expect(bad.status).toBe(400)
  })

  it('filters by email prefix, ignoring case, literally, with the cursor', async () => {
    const { auth, admin } = await withAdmin()
    for (const email of [
      'team-a@example.com',
      'Team-B@example.com',
      'team-c@example.com',
      'teamx@example.com',
    ])
      await auth.api.createUser({ email })
    await auth.api.createUser({ email: 'te%m@example.com' })
    const list = async (query: string) => {
      const response = await auth.handler(
        jsonRequest('GET', `/auth/admin/users?${query}`, undefined, { cookie: admin.cookie }),
      )
      expect(response.status).toBe(200)
      return (await response.json()) as { users: { email: string }[]; nextCursor: string | null }
    }
    const first = await list('email=TEAM-&limit=2')
    expect(first.users).toHaveLength(2)
    const rest = await list(`email=team-&limit=2&cursor=${first.nextCursor}`)
    expect(rest.nextCursor).toBeNull()
    expect([...first.users, ...rest.users].map((u) => u.email).sort()).toEqual([
      'Team-B@example.com',
      'team-a@example.com',
      'team-c@example.com',
    ])
    expect((await list('email=te%25')).users.map((u) => u.email)).toEqual(['te%m@example.com'])
    expect((await list('email=nobody')).users).toEqual([])
    expect((await auth.api.listUsers({ emailPrefix: 'TEAMX' })).map((u) => u.email)).toEqual([
      'teamx@example.com',
    ])
    const tooLong = await auth.handler(
      jsonRequest('GET', `/auth/admin/users?email=${'a'.repeat(321)}`, undefined, { cookie: admin.cookie }),
    )
    expect(tooLong.status).toBe(400)
  })

  it('disables a user (sessions and refresh tokens end at once), sets roles, revokes sessions', async () => {
    const { auth, admin, user } = await withAdmin()
    const other = await login(auth, 'user@example.com')
    const disable = await auth.handler(
      jsonRequest('PATCH', `/auth/admin/users/${user.userId}`, { isActive: false }, { cookie: admin.cookie }),
    )
    expect(disable.status).toBe(200)
    for (const cookie of [user.cookie, other])
      expect((await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))).status).toBe(401)
    await auth.handler(
      jsonRequest(
        'PATCH',
        `/auth/admin/users/${user.userId}`,
        { isActive: true, roles: ['billing'] },
        { cookie: admin.cookie },
      ),
    )
    expect((await auth.api.getUser(user.userId))?.roles).toEqual(['billing'])
    const fresh = await login(auth, 'user@example.com')
    const revoke = await auth.handler(
      jsonRequest('POST', `/auth/admin/users/${user.userId}/revoke-sessions`, undefined, {
        cookie: admin.cookie,
      }),
    )
    expect(await revoke.json()).toEqual({ revokedSessions: 1 })
    expect((await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie: fresh }))).status).toBe(
      401,
    )
  })

  it('refuses to let an admin disable or demote themself; 404 for unknown users; 400 for bad roles', async () => {
    const { auth, admin } = await withAdmin()
    const self = await auth.handler(
      jsonRequest(
        'PATCH',
        `/auth/admin/users/${admin.userId}`,
        { isActive: false },
        { cookie: admin.cookie },
      ),
    )
    expect(self.status).toBe(403)
    const demote = await auth.handler(
      jsonRequest('PATCH', `/auth/admin/users/${admin.userId}`, { roles: [] }, { cookie: admin.cookie }),
    )
    expect(demote.status).toBe(403)
    const unknown = await auth.handler(
      jsonRequest('PATCH', '/auth/admin/users/nope', { isActive: false }, { cookie: admin.cookie }),
    )
    expect(unknown.status).toBe(404)
    const badRoles = await auth.handler(
      jsonRequest(
        'PATCH',
        `/auth/admin/users/${admin.userId}`,
        { roles: ['admin', 'Bad Role'] },
        { cookie: admin.cookie },
      ),
    )
    expect(badRoles.status).toBe(400)
  })
})
