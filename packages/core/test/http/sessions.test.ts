import { describe, expect, it } from 'vitest'
import { createTestAuth, errorOf, jsonRequest, login, register } from '../helpers/test-auth.js'

const me = (cookie: string) => jsonRequest('GET', '/auth/me', undefined, { cookie })

describe('sessions over HTTP', () => {
  it('lists the live sessions, newest first, with the current one marked and no secret', async () => {
    const { auth, clock } = createTestAuth()
    const { cookie: a } = await register(auth)
    clock.advanceSeconds(10)
    const b = await login(auth)
    const response = await auth.handler(jsonRequest('GET', '/auth/sessions', undefined, { cookie: b }))
    expect(response.status).toBe(200)
    const { sessions } = (await response.json()) as { sessions: Array<Record<string, unknown>> }
    expect(sessions).toHaveLength(2)
    expect(sessions[0]!.current).toBe(true)
    expect(sessions[0]!.id).toBe(b.split('=')[1]!.split('.')[0])
    expect(sessions[1]!.id).toBe(a.split('=')[1]!.split('.')[0])
    expect(JSON.stringify(sessions)).not.toMatch(/secret|hash/i)
  })

  it('revokes one session by id, and 404s for an id that is not the caller’s', async () => {
    const { auth } = createTestAuth()
    const { cookie: a } = await register(auth)
    const b = await login(auth)
    const idOfB = b.split('=')[1]!.split('.')[0]!
    const { cookie: other } = await register(auth, { email: 'eve@example.com' })
    const foreign = await auth.handler(
      jsonRequest('DELETE', `/auth/sessions/${idOfB}`, undefined, { cookie: other }),
    )
    expect(foreign.status).toBe(404)
    expect((await auth.handler(me(b))).status).toBe(200)
    const revoked = await auth.handler(
      jsonRequest('DELETE', `/auth/sessions/${idOfB}`, undefined, { cookie: a }),
    )
    expect(revoked.status).toBe(204)
    expect(revoked.headers.getSetCookie()).toEqual([])
    expect((await auth.handler(me(b))).status).toBe(401)
    expect((await auth.handler(me(a))).status).toBe(200)
  })

  it('revoking the current session by id clears its cookie', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const id = cookie.split('=')[1]!.split('.')[0]!
    const response = await auth.handler(jsonRequest('DELETE', `/auth/sessions/${id}`, undefined, { cookie }))
    expect(response.status).toBe(204)
    expect(response.headers.getSetCookie()[0]).toContain('Max-Age=0')
  })

  it('DELETE /sessions revokes the others; ?all=true revokes every one', async () => {
    const { auth } = createTestAuth()
    const { cookie: a } = await register(auth)
    const b = await login(auth)
    const c = await login(auth)
    expect(
      (await auth.handler(jsonRequest('DELETE', '/auth/sessions', undefined, { cookie: a }))).status,
    ).toBe(204)
    expect((await auth.handler(me(a))).status).toBe(200)
    expect((await auth.handler(me(b))).status).toBe(401)
    expect((await auth.handler(me(c))).status).toBe(401)
    const d = await login(auth)
    const all = await auth.handler(jsonRequest('DELETE', '/auth/sessions?all=true', undefined, { cookie: a }))
    expect(all.status).toBe(204)
    expect(all.headers.getSetCookie()[0]).toContain('Max-Age=0')
    expect((await auth.handler(me(a))).status).toBe(401)
    expect((await auth.handler(me(d))).status).toBe(401)
  })

  it('logout ends the session server-side, clears the cookie and sends Clear-Site-Data (SES-7, CK-6, N-6)', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const response = await auth.handler(jsonRequest('POST', '/auth/logout', undefined, { cookie }))
    expect(response.status).toBe(204)
    expect(response.headers.get('clear-site-data')).toBe('"cookies"')
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Host-portcullis\.session=; Path=\/; Max-Age=0/)
    expect((await auth.handler(me(cookie))).status).toBe(401)
    // Without a session it still answers 204.
    expect((await auth.handler(jsonRequest('POST', '/auth/logout'))).status).toBe(204)
  })

  it('ends a session after the idle timeout (SES-5, S-7)', async () => {
    const { auth, clock } = createTestAuth({ session: { idleTimeoutSeconds: 600, touchIntervalSeconds: 60 } })
    const { cookie } = await register(auth)
    clock.advanceSeconds(599)
    expect((await auth.handler(me(cookie))).status).toBe(200)
    // Activity at 599 s slid the idle deadline to 1199 s.
    clock.advanceSeconds(599)
    expect((await auth.handler(me(cookie))).status).toBe(200)
    clock.advanceSeconds(600)
    expect((await auth.handler(me(cookie))).status).toBe(401)
  })

  it('ends a session at the absolute timeout however active it is (SES-5, SES-6)', async () => {
    const { auth, clock } = createTestAuth({
      session: { idleTimeoutSeconds: 600, absoluteTimeoutSeconds: 3600, touchIntervalSeconds: 60 },
    })
    const { cookie } = await register(auth)
    for (let t = 300; t < 3600; t += 300) {
      clock.advanceSeconds(300)
      expect((await auth.handler(me(cookie))).status).toBe(200)
    }
    clock.set('2026-01-01T01:00:00Z')
    expect((await auth.handler(me(cookie))).status).toBe(401)
  })

  it('throttles activity writes to one per touch interval (SES-6)', async () => {
    const { auth, clock, storage } = createTestAuth({ session: { touchIntervalSeconds: 300 } })
    const { cookie } = await register(auth)
    const id = cookie.split('=')[1]!.split('.')[0]!
    let touches = 0
    const touch = storage.touchSession.bind(storage)
    storage.touchSession = async (...args) => {
      touches++
      return touch(...args)
    }
    for (let i = 0; i < 10; i++) {
      clock.advanceSeconds(20)
      await auth.handler(me(cookie))
    }
    expect(touches).toBe(0)
    clock.advanceSeconds(100)
    await auth.handler(me(cookie))
    expect(touches).toBe(1)
    const [session] = await storage.listUserSessions(
      (await auth.api.validateSession(cookie.split('=')[1]!))!.user.id,
      clock.now(),
    )
    expect(session!.id).toBe(id)
    expect(session!.lastSeenAt.toISOString()).toBe('2026-01-01T00:05:00.000Z')
  })

  it('a disabled user loses every session at once (S-10)', async () => {
    const { auth } = createTestAuth()
    const { cookie, userId } = await register(auth)
    await auth.api.updateUser(userId, { isActive: false })
    const response = await auth.handler(me(cookie))
    expect(response.status).toBe(401)
    expect((await errorOf(response)).code).toBe('unauthenticated')
  })

  it('stores no part of the session secret (SES-2, ST-1)', async () => {
    const { auth, storage } = createTestAuth()
    const writes: string[] = []
    const create = storage.createSession.bind(storage)
    storage.createSession = async (record) => {
      writes.push(JSON.stringify(record))
      return create(record)
    }
    const { cookie } = await register(auth)
    const secret = cookie.split('.').at(-1)!
    expect(writes).toHaveLength(1)
    expect(writes[0]).not.toContain(secret)
    expect(writes[0]).not.toContain(secret.slice(0, 16))
  })
})
