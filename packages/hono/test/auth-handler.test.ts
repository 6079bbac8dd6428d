import type { Auth } from '@portcullis/core'
import { createFakeAuth } from '@portcullis/core/testing'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { authHandler, mountAuth } from '../src/auth-handler.js'

interface Echo {
  method: string
  path: string
  clientIp: string | null
  body: string | null
}

describe('mountAuth', () => {
  const auth = createFakeAuth()
  const app = new Hono()
  mountAuth(app, auth, { getConnInfo: () => ({ remote: { address: '192.0.2.5' } }) })
  app.get('*', (c) => c.text('app', 404))

  it.each(['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'])(
    'routes %s under the base path to core',
    async (method) => {
      const response = await app.request('/auth/sessions/abc', { method })
      expect(response.headers.get('X-Fake')).toBe('handler')
      const echo = (await response.json()) as Echo
      expect(echo).toMatchObject({ method, path: '/auth/sessions/abc', clientIp: '192.0.2.5' })
    },
  )

  it('routes the base path itself', async () => {
    expect((await app.request('/auth')).headers.get('X-Fake')).toBe('handler')
  })

  it('hands over the body untouched and returns the response untouched', async () => {
    const response = await app.request('/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8787' },
      body: '{"email":"a@example.com","password":"x"}',
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as Echo).body).toBe('{"email":"a@example.com","password":"x"}')
    const call = auth.handlerCalls.at(-1)!
    expect(call.request.headers.get('origin')).toBe('http://localhost:8787')
  })

  it('leaves other paths to the app', async () => {
    for (const path of ['/', '/authx', '/api/auth/me', '//auth/me']) {
      expect(await (await app.request(path)).text()).toBe('app')
    }
  })

  it('uses a custom base path', async () => {
    const custom = createFakeAuth({}, '/api/identity/')
    const other = new Hono()
    mountAuth(other, custom)
    const echo = (await (await other.request('/api/identity/me')).json()) as Echo
    expect(echo).toEqual({ method: 'GET', path: '/api/identity/me', clientIp: null, body: null })
    expect((await other.request('/auth/me')).status).toBe(404)
  })
})

describe('authHandler', () => {
  it('is a named handler usable on any route', async () => {
    const auth = createFakeAuth()
    const handler = authHandler(auth)
    expect(handler.name).toBe('authHandler')
    const app = new Hono()
    app.on(['GET', 'POST'], '/auth/*', handler)
    expect((await app.request('/auth/me')).headers.get('X-Fake')).toBe('handler')
    expect(auth.handlerCalls[0]?.context).toEqual({ clientIp: undefined })
  })

  it('checks its arguments at construction', () => {
    expect(() => authHandler({} as Auth)).toThrow(/createAuth/)
    expect(() => authHandler(createFakeAuth(), { trustedProxies: ['nonsense'] })).toThrow(TypeError)
  })
})
