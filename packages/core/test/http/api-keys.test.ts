import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, createTestAuth, errorOf, jsonRequest, register } from '../helpers/test-auth.js'

async function createKey(
  auth: { handler: (r: Request) => Promise<Response> },
  cookie: string,
  body: Record<string, unknown> = { name: 'ci' },
) {
  const response = await auth.handler(jsonRequest('POST', '/auth/api-keys', body, { cookie }))
  return {
    response,
    json: (await response.clone().json()) as { id: string; key: string; apiKey: Record<string, unknown> },
  }
}

const withKey = (
  path: string,
  key: string,
  header: 'x-api-key' | 'authorization' = 'x-api-key',
  init: RequestInit = {},
) =>
  new Request(`${APP_ORIGIN}${path}`, {
    ...init,
    headers: {
      [header]: header === 'authorization' ? `Bearer ${key}` : key,
      ...(init.headers as Record<string, string>),
    },
  })

describe('API keys', () => {
  it('creates a key shown once, lists it without the secret, and authenticates with it (X-API-Key and Bearer)', async () => {
    const { auth, storage } = createTestAuth()
    const { cookie, userId } = await register(auth)
    const { response, json } = await createKey(auth, cookie, { name: 'deploy bot', scopes: ['posts:read'] })
    expect(response.status).toBe(201)
    expect(json.key).toMatch(/^pcl_[A-Za-z0-9_-]{43}$/)
    expect(json.apiKey).toMatchObject({
      id: json.id,
      name: 'deploy bot',
      scopes: ['posts:read'],
      expiresAt: null,
      lastUsedAt: null,
    })
    expect(json.apiKey.start).toBe(json.key.slice(0, 12))

    const list = await auth.handler(jsonRequest('GET', '/auth/api-keys', undefined, { cookie }))
    const listed = JSON.stringify(await list.json())
    expect(listed).toContain(json.id)
    expect(listed).not.toContain(json.key)
    expect(listed).not.toContain(json.key.slice(12))
    const stored = await storage.listUserApiKeys(userId, new Date('2026-01-01T00:00:01Z'))
    expect(JSON.stringify(stored)).not.toContain(json.key.slice(12))

    for (const header of ['x-api-key', 'authorization'] as const) {
      const me = await auth.handler(withKey('/auth/me', json.key, header))
      expect(me.status).toBe(200)
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe(userId)
    }
    const principal = await auth.authenticate(withKey('/x', json.key))
    expect(principal).toMatchObject({
      method: 'api_key',
      scopes: ['posts:read'],
      session: null,
      sessionId: null,
    })
  })

  it('refuses unknown, malformed, deleted, expired keys and keys of disabled users', async () => {
    const { auth, clock, storage } = createTestAuth()
    const { cookie, userId } = await register(auth)
    const { json: short } = await createKey(auth, cookie, { name: 'short', expiresIn: 60 })
    const { json: gone } = await createKey(auth, cookie, { name: 'gone' })
    const { json: kept } = await createKey(auth, cookie, { name: 'kept' })
    expect((await auth.handler(withKey('/auth/me', `pcl_${'A'.repeat(43)}`))).status).toBe(401)
    expect((await auth.handler(withKey('/auth/me', 'not-a-key%%'))).status).toBe(401)
    expect(
      (await auth.handler(jsonRequest('DELETE', `/auth/api-keys/${gone.id}`, undefined, { cookie }))).status,
    ).toBe(204)
    expect((await auth.handler(withKey('/auth/me', gone.key))).status).toBe(401)
    clock.advanceSeconds(60)
    expect((await auth.handler(withKey('/auth/me', short.key))).status).toBe(401)
    expect((await auth.handler(withKey('/auth/me', kept.key))).status).toBe(200)
    await auth.api.updateUser(userId, { isActive: false })
    expect((await auth.handler(withKey('/auth/me', kept.key))).status).toBe(401)
    expect(await storage.listUserApiKeys(userId, clock.now())).toEqual([])
  })

  it('never grants scopes the creator lacks, and a key cannot manage keys', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const { json } = await createKey(auth, cookie, { name: 'reader', scopes: ['posts:read'] })
    const escalate = await auth.handler(
      withKey('/auth/api-keys', json.key, 'x-api-key', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'more', scopes: ['posts:write'] }),
      }),
    )
    expect(escalate.status).toBe(403)
    const remove = await auth.handler(
      withKey(`/auth/api-keys/${json.id}`, json.key, 'x-api-key', { method: 'DELETE' }),
    )
    expect(remove.status).toBe(403)
  })

  it('ignores owner fields in the body: a key is always the caller’s (CVE-2025-61928)', async () => {
    const { auth, storage } = createTestAuth()
    const victim = await register(auth, { email: 'victim@example.com' })
    const { cookie } = await register(auth, { email: 'eve@example.com' })
    const { json } = await createKey(auth, cookie, { name: 'x', userId: victim.userId, user: victim.userId })
    const principal = await auth.authenticate(withKey('/x', json.key))
    expect(principal?.user.email).toBe('eve@example.com')
    expect(await storage.listUserApiKeys(victim.userId, new Date('2026-01-02T00:00:00Z'))).toEqual([])
  })

  it('validates name, scopes and expiry; deleting another user’s key is 404', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    for (const body of [
      { name: '' },
      { name: 'x', scopes: ['Bad Scope'] },
      { name: 'x', expiresIn: 5 },
      { name: 'x', expiresIn: 10 ** 9 },
      { name: 1 },
    ]) {
      const response = await auth.handler(jsonRequest('POST', '/auth/api-keys', body, { cookie }))
      expect(response.status, JSON.stringify(body)).toBe(400)
    }
    const { json } = await createKey(auth, cookie)
    const other = await register(auth, { email: 'other@example.com' })
    const response = await auth.handler(
      jsonRequest('DELETE', `/auth/api-keys/${json.id}`, undefined, { cookie: other.cookie }),
    )
    expect(response.status).toBe(404)
    expect((await errorOf(response)).code).toBe('not_found')
  })

  it('writes last use at most once per touch interval', async () => {
    const { auth, clock, storage } = createTestAuth({ apiKeys: { touchIntervalSeconds: 300 } })
    const { cookie, userId } = await register(auth)
    const { json } = await createKey(auth, cookie)
    let touches = 0
    const touch = storage.touchApiKey.bind(storage)
    storage.touchApiKey = async (...args) => {
      touches++
      return touch(...args)
    }
    for (let i = 0; i < 5; i++) {
      await auth.handler(withKey('/auth/me', json.key))
      clock.advanceSeconds(30)
    }
    expect(touches).toBe(1)
    clock.advanceSeconds(300)
    await auth.handler(withKey('/auth/me', json.key))
    expect(touches).toBe(2)
    const [stored] = await storage.listUserApiKeys(userId, clock.now())
    expect(stored?.lastUsedAt?.toISOString()).toBe(clock.now().toISOString())
  })

  it('skips the origin check for header-authenticated requests without the session cookie (CSRF-6)', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    const { json } = await createKey(auth, cookie, { name: 'x', scopes: ['*'] })
    const viaKey = await auth.handler(
      withKey('/auth/sessions', json.key, 'x-api-key', {
        method: 'DELETE',
        headers: { origin: 'https://evil.test' },
      }),
    )
    expect(viaKey.status).toBe(204)
    // With the session cookie as well, the origin check runs.
    const withCookie = await auth.handler(
      withKey('/auth/sessions', json.key, 'x-api-key', {
        method: 'DELETE',
        headers: { origin: 'https://evil.test', cookie },
      }),
    )
    expect(withCookie.status).toBe(403)
  })
})
