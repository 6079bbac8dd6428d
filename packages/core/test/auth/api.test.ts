import {
  AccountDisabledError,
  EmailTakenError,
  IncorrectPasswordError,
  InvalidCredentialsError,
  NotFoundError,
  UserAlreadyExistsError,
  UsernameTakenError,
  WeakPasswordError,
} from '@portcullis/core'
import { describe, expect, it } from 'vitest'
import { createTestAuth, GOOD_PASSWORD } from '../helpers/test-auth.js'

describe('auth.api (trusted server API)', () => {
  it('creates users with roles and state the HTTP door never lets a client set', async () => {
    const { auth } = createTestAuth()
    const admin = await auth.api.createUser({
      email: 'root@example.com',
      password: GOOD_PASSWORD,
      roles: ['admin', 'admin', 'billing'],
      emailVerified: true,
    })
    expect(admin).toMatchObject({ roles: ['admin', 'billing'], emailVerified: true, isActive: true })
    expect(await auth.api.getUser(admin.id)).toEqual(admin)
    expect(await auth.api.findUserByEmail('ROOT@example.com')).toEqual(admin)
    await expect(
      auth.api.createUser({ email: 'x@example.com', roles: ['Not A Role'] }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    })
  })

  it('creates accounts without a password, which can never log in by password', async () => {
    const { auth } = createTestAuth()
    await auth.api.createUser({ email: 'sso@example.com' })
    await expect(
      auth.api.verifyCredentials({ identifier: 'sso@example.com', password: GOOD_PASSWORD }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError)
  })

  it('raises typed errors with stable codes and statuses', async () => {
    const { auth } = createTestAuth()
    const user = await auth.api.createUser({
      email: 'ada@example.com',
      password: GOOD_PASSWORD,
      username: 'ada',
    })
    const taken = auth.api.createUser({ email: 'Ada@Example.com', password: GOOD_PASSWORD })
    await expect(taken).rejects.toBeInstanceOf(EmailTakenError)
    await expect(taken).rejects.toMatchObject({ code: 'email_taken', status: 409 })
    await expect(taken).rejects.toBeInstanceOf(UserAlreadyExistsError)
    await expect(auth.api.createUser({ email: 'b@example.com', username: 'ADA' })).rejects.toBeInstanceOf(
      UsernameTakenError,
    )
    await expect(auth.api.createUser({ email: 'c@example.com', password: 'short' })).rejects.toBeInstanceOf(
      WeakPasswordError,
    )
    await expect(
      auth.api.verifyCredentials({ identifier: 'ada', password: 'nope nope nope nope' }),
    ).rejects.toMatchObject({
      code: 'invalid_credentials',
      status: 401,
    })
    await expect(
      auth.api.changePassword(user.id, {
        currentPassword: 'wrong wrong wrong',
        newPassword: 'another long passphrase',
      }),
    ).rejects.toBeInstanceOf(IncorrectPasswordError)
    await expect(auth.api.updateUser('missing', { isActive: false })).rejects.toBeInstanceOf(NotFoundError)
    await auth.api.updateUser(user.id, { isActive: false })
    await expect(
      auth.api.verifyCredentials({ identifier: 'ada', password: GOOD_PASSWORD }),
    ).rejects.toBeInstanceOf(AccountDisabledError)
  })

  it('creates, validates, lists and revokes sessions', async () => {
    const { auth, clock } = createTestAuth()
    const user = await auth.api.createUser({ email: 'ada@example.com', password: GOOD_PASSWORD })
    const a = await auth.api.createSession(user.id, { ip: '203.0.113.1', userAgent: 'test' })
    expect(a.cookie).toBe(auth.cookies.session(a.token))
    clock.advanceSeconds(1)
    const b = await auth.api.createSession(user.id)
    const c = await auth.api.createSession(user.id)
    expect(await auth.api.validateSession(a.token)).toMatchObject({
      session: { id: a.session.id, ip: '203.0.113.1', userAgent: 'test' },
      user: { id: user.id },
    })
    expect((await auth.api.listSessions(user.id)).map((s) => s.id)).toHaveLength(3)
    expect(await auth.api.revokeSession(user.id, b.session.id)).toBe(true)
    expect(await auth.api.revokeSession(user.id, b.session.id)).toBe(false)
    expect(await auth.api.validateSession(b.token)).toBeNull()
    expect(await auth.api.revokeSessions(user.id, { exceptSessionId: a.session.id })).toBe(1)
    expect(await auth.api.validateSession(c.token)).toBeNull()
    expect(await auth.api.validateSession(a.token)).not.toBeNull()
    expect(await auth.api.revokeSessions(user.id)).toBe(1)
    expect(await auth.api.validateSession(a.token)).toBeNull()
  })

  it('returns null, never throws, for malformed tokens', async () => {
    const { auth } = createTestAuth()
    for (const token of ['', 'x', 'a.b', '.'.repeat(64), `${'A'.repeat(20)}.${'%'.repeat(43)}`, '\u0000']) {
      expect(await auth.api.validateSession(token)).toBeNull()
    }
  })

  it('setPassword replaces the password and revokes every session', async () => {
    const { auth } = createTestAuth()
    const user = await auth.api.createUser({ email: 'ada@example.com', password: GOOD_PASSWORD })
    const session = await auth.api.createSession(user.id)
    await auth.api.setPassword(user.id, 'an admin chosen passphrase')
    expect(await auth.api.validateSession(session.token)).toBeNull()
    await expect(
      auth.api.verifyCredentials({ identifier: 'ada@example.com', password: 'an admin chosen passphrase' }),
    ).resolves.toMatchObject({ id: user.id })
  })

  it('updates email (unverifying a new address), username, roles; deletes users with their sessions', async () => {
    const { auth } = createTestAuth()
    const user = await auth.api.createUser({
      email: 'ada@example.com',
      password: GOOD_PASSWORD,
      emailVerified: true,
    })
    await auth.api.createUser({ email: 'bob@example.com', username: 'bob' })
    const updated = await auth.api.updateUser(user.id, {
      email: 'Ada@New.Example',
      username: 'ada',
      roles: ['admin'],
    })
    expect(updated).toMatchObject({
      email: 'Ada@new.example',
      emailVerified: false,
      username: 'ada',
      roles: ['admin'],
    })
    await expect(auth.api.updateUser(user.id, { username: 'BOB' })).rejects.toBeInstanceOf(UsernameTakenError)
    await expect(auth.api.updateUser(user.id, { email: 'bob@example.com' })).rejects.toBeInstanceOf(
      EmailTakenError,
    )
    expect((await auth.api.getUser(user.id))?.username).toBe('ada')
    const session = await auth.api.createSession(user.id)
    expect(await auth.api.deleteUser(user.id)).toBe(true)
    expect(await auth.api.validateSession(session.token)).toBeNull()
    expect(await auth.api.getUser(user.id)).toBeNull()
    expect((await auth.api.listUsers()).map((u) => u.email)).toEqual(['bob@example.com'])
  })

  it('authenticate() returns the principal for a session cookie and null otherwise', async () => {
    const { auth } = createTestAuth()
    const user = await auth.api.createUser({
      email: 'ada@example.com',
      password: GOOD_PASSWORD,
      roles: ['admin'],
    })
    const { token } = await auth.api.createSession(user.id)
    const principal = await auth.authenticate(
      new Request('https://app.test/x', {
        headers: { cookie: `${auth.cookies.sessionCookieName}=${token}` },
      }),
    )
    expect(principal).toMatchObject({
      method: 'session',
      scopes: ['*'],
      user: { id: user.id, roles: ['admin'] },
    })
    expect(principal?.session?.userId).toBe(user.id)
    expect(await auth.authenticate(new Request('https://app.test/x'))).toBeNull()
  })

  it('runs custom strategies after the session cookie, in order', async () => {
    const { auth: seed, storage } = createTestAuth()
    const user = await seed.api.createUser({ email: 'svc@example.com' })
    const { auth } = createTestAuth({
      storage,
      strategies: [
        {
          name: 'header',
          async authenticate(request) {
            if (request.headers.get('x-test-user') !== 'svc') return null
            const found = await seed.api.getUser(user.id)
            return found
              ? { user: found, session: null, sessionId: null, method: 'header', scopes: ['read'] }
              : null
          },
        },
      ],
    })
    const principal = await auth.authenticate(
      new Request('https://app.test/', { headers: { 'x-test-user': 'svc' } }),
    )
    expect(principal).toMatchObject({
      method: 'header',
      scopes: ['read'],
      user: { email: 'svc@example.com' },
    })
    const me = await auth.handler(
      new Request('https://app.test/auth/me', { headers: { 'x-test-user': 'svc' } }),
    )
    expect(me.status).toBe(200)
  })
})
