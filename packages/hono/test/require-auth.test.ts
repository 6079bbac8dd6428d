import { createFakeAuth, type FakeUserFields, keyPrincipal, sessionPrincipal } from '@portcullis/core/testing'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { authMiddleware } from '../src/auth-middleware.js'
import { requireAuth } from '../src/require-auth.js'
import type { AuthEnv } from '../src/types.js'

const auth = createFakeAuth({
  alice: sessionPrincipal('alice'),
  editor: sessionPrincipal('editor', ['editor']),
  admin: sessionPrincipal('admin', ['admin']),
  reader: keyPrincipal('reader', ['posts:read']),
  writer: keyPrincipal('writer', ['posts:read', 'posts:write']),
  adminKey: keyPrincipal('adminKey', ['posts:read'], ['admin']),
})

const bearer = (name: string): RequestInit => ({ headers: { Authorization: `Bearer ${name}` } })

/** `app.use(path, authMiddleware, requireAuth(options))` and an echo route behind it. */
function guarded(options: Parameters<typeof requireAuth>[0], path = '*'): Hono<AuthEnv<FakeUserFields>> {
  const app = new Hono<AuthEnv<FakeUserFields>>()
  app.use('*', authMiddleware(auth))
  app.use(path, requireAuth(options))
  app.all('*', (c) => c.json({ user: c.get('auth')?.user.username ?? null, path: c.req.path }))
  return app
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } }
  return body.error
}

describe('requireAuth: authentication', () => {
  const app = guarded({})

  it('answers 401 unauthenticated without a principal, uncacheable', async () => {
    const response = await app.request('/private')
    expect(response.status).toBe(401)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(await errorOf(response)).toEqual({ code: 'unauthenticated', message: 'authentication required' })
  })

  it('lets any principal through', async () => {
    const response = await app.request('/private', bearer('alice'))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ user: 'alice', path: '/private' })
  })

  it('fails loudly when authMiddleware did not run', async () => {
    const bare = new Hono<AuthEnv>()
    bare.use('*', requireAuth())
    bare.get('/', (c) => c.text('reached'))
    const errors: unknown[] = []
    bare.onError((error, c) => {
      errors.push(error)
      return c.text('error', 500)
    })
    const response = await bare.request('/')
    expect(response.status).toBe(500)
    expect(String(errors[0])).toMatch(/authMiddleware/)
  })
})

describe('requireAuth: roles', () => {
  const app = guarded({ roles: ['editor', 'publisher'] })

  it('needs one of the roles', async () => {
    expect((await app.request('/x', bearer('editor'))).status).toBe(200)
    const response = await app.request('/x', bearer('alice'))
    expect(response.status).toBe(403)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect((await errorOf(response)).code).toBe('forbidden')
  })

  it('lets admin pass any role check', async () => {
    expect((await app.request('/x', bearer('admin'))).status).toBe(200)
  })

  it('still answers 401, not 403, without a principal', async () => {
    expect((await app.request('/x')).status).toBe(401)
  })
})

describe('requireAuth: scopes', () => {
  const app = guarded({ scopes: ['posts:read', 'posts:write'] })

  it('needs every scope', async () => {
    expect((await app.request('/x', bearer('writer'))).status).toBe(200)
    const response = await app.request('/x', bearer('reader'))
    expect(response.status).toBe(403)
    expect(await errorOf(response)).toEqual({ code: 'forbidden', message: 'missing a required scope' })
  })

  it('lets a session (scope *) through', async () => {
    expect((await app.request('/x', bearer('alice'))).status).toBe(200)
  })

  it('does not let the admin role stand in for scopes', async () => {
    expect((await app.request('/x', bearer('adminKey'))).status).toBe(403)
  })

  it('checks roles and scopes together', async () => {
    const both = guarded({ roles: ['admin'], scopes: ['posts:write'] })
    expect((await both.request('/x', bearer('adminKey'))).status).toBe(403)
    expect((await both.request('/x', bearer('writer'))).status).toBe(403)
    expect((await both.request('/x', bearer('admin'))).status).toBe(200)
  })
})

describe('requireAuth: exclusions', () => {
  const app = guarded({
    exclude: { paths: ['/health', '/public/*', /^\/docs(\/|$)/g], methods: ['options'] },
  })

  it.each(['/health', '/health/', '//health', '/public', '/public/a/b', '/docs', '/docs/x'])(
    'lets %j through unauthenticated',
    async (path) => {
      expect((await app.request(path)).status).toBe(200)
    },
  )

  it('answers a global RegExp the same every time', async () => {
    for (let i = 0; i < 3; i++) expect((await app.request('/docs')).status).toBe(200)
  })

  it.each([
    '/healthz',
    '/health/x',
    '/publicity',
    '/private',
    '/docsx',
    '/public/../private',
    '/public/%2e%2e/private',
    '/public%2F..%2Fprivate',
    '/Health',
  ])('guards %j', async (path) => {
    expect((await app.request(path)).status).toBe(401)
  })

  it('lets excluded methods through', async () => {
    expect((await app.request('/private', { method: 'OPTIONS' })).status).toBe(200)
    expect((await app.request('/private', { method: 'GET' })).status).toBe(401)
  })
})

describe('requireAuth on a path: no bypass through the path spelling (BF-3)', () => {
  const app = new Hono<AuthEnv<FakeUserFields>>()
  app.use('*', authMiddleware(auth))
  app.use('/admin/*', requireAuth({ roles: ['admin'] }))
  app.get('/admin', (c) => c.text('admin area'))
  app.get('/admin/users', (c) => c.text('admin users'))
  app.get('*', (c) => c.text(`fallback ${c.req.path}`, 404))

  it.each([
    '/admin',
    '/admin/',
    '//admin',
    '/admin//users',
    '//admin/users',
    '/%61dmin',
    '/%61dmin/users',
    '/x/../admin',
  ])('%j never reaches the admin handlers without admin', async (path) => {
    for (const init of [{}, bearer('alice')]) {
      const response = await app.request(path, init)
      expect(await response.text()).not.toMatch(/^admin/)
    }
  })

  it('reaches them with admin', async () => {
    expect(await (await app.request('/admin/users', bearer('admin'))).text()).toBe('admin users')
  })
})

describe('requireAuth options', () => {
  it.each([
    [{ roles: [] }, /roles/],
    [{ scopes: [] }, /scopes/],
    [{ roles: [''] }, /roles/],
    [{ roles: 'admin' as unknown as string[] }, /roles/],
    [{ exclude: { paths: ['health'] } }, /start with "\/"/],
    [{ exclude: { methods: ['GET /'] } }, /not an HTTP method/],
  ])('rejects %j at construction', (options, message) => {
    expect(() => requireAuth(options)).toThrow(message)
  })

  it('is a named middleware', () => {
    expect(requireAuth().name).toBe('requireAuth')
  })
})
