import type { Auth, Principal } from '@portcullis/core'
import { createFakeAuth, type FakeUserFields, sessionPrincipal } from '@portcullis/core/testing'
import { Hono } from 'hono'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { authMiddleware } from '../src/auth-middleware.js'
import type { AuthEnv, AuthVariables } from '../src/types.js'

describe('authMiddleware', () => {
  it('puts the principal on the context under "auth"', async () => {
    const auth = createFakeAuth({ alice: sessionPrincipal('alice') })
    const app = new Hono<AuthEnv<FakeUserFields>>()
    app.use('*', authMiddleware(auth))
    app.get('/', (c) => c.json({ name: c.get('auth')?.user.displayName ?? null }))

    const signedIn = await app.request('/', { headers: { Authorization: 'Bearer alice' } })
    expect(await signedIn.json()).toEqual({ name: 'ALICE' })
    const anonymous = await app.request('/')
    expect(anonymous.status).toBe(200)
    expect(await anonymous.json()).toEqual({ name: null })
  })

  it('passes the raw request and the resolved client IP to core', async () => {
    const auth = createFakeAuth()
    const app = new Hono<AuthEnv<FakeUserFields>>()
    const getConnInfo = () => ({ remote: { address: '::ffff:192.0.2.44' } })
    app.use('*', authMiddleware(auth, { getConnInfo }))
    app.get('/', (c) => c.text('ok'))
    await app.request('/?q=1', {
      headers: { Cookie: 'portcullis.session=abc', 'X-Forwarded-For': '203.0.113.1' },
    })

    expect(auth.authenticateCalls).toHaveLength(1)
    const call = auth.authenticateCalls[0]!
    expect(call.context).toEqual({ clientIp: '192.0.2.44' })
    expect(call.request.url).toBe('http://localhost/?q=1')
    expect(call.request.headers.get('cookie')).toBe('portcullis.session=abc')
  })

  it('lets an error from core propagate (fail closed)', async () => {
    const auth = createFakeAuth()
    const app = new Hono<AuthEnv<FakeUserFields>>()
    app.use('*', authMiddleware(auth))
    app.get('/', (c) => c.text('reached'))
    const errors: unknown[] = []
    app.onError((error, c) => {
      errors.push(error)
      return c.text('error', 500)
    })
    const response = await app.request('/', { headers: { Authorization: 'Bearer boom' } })
    expect(response.status).toBe(500)
    expect(String(errors[0])).toContain('storage down')
    expect(await response.text()).not.toContain('reached')
  })

  it('checks its arguments at construction', () => {
    expect(() => authMiddleware(undefined as unknown as Auth)).toThrow(/createAuth/)
    expect(() => authMiddleware(createFakeAuth(), { trustedProxies: ['10.0.0.0/8'] })).toThrow(/getConnInfo/)
  })

  it('is a named middleware', () => {
    expect(authMiddleware(createFakeAuth()).name).toBe('authMiddleware')
  })

  it('types c.get("auth") with the custom fields', () => {
    const app = new Hono<{ Variables: AuthVariables<FakeUserFields> & { requestId: string } }>()
    app.use('*', authMiddleware(createFakeAuth()))
    app.get('/', (c) => {
      expectTypeOf(c.get('auth')).toEqualTypeOf<Principal<FakeUserFields> | null>()
      expectTypeOf(c.get('requestId')).toEqualTypeOf<string>()
      return c.text(c.get('auth')?.user.displayName ?? '')
    })
    expectTypeOf<AuthEnv['Variables']['auth']>().toEqualTypeOf<Principal | null>()
  })
})
