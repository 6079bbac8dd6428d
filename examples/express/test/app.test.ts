import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { Principal } from '@portcullis/core'
import type { RequestAuth } from '@portcullis/express'
import { createMemoryStorage } from '@portcullis/memory'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { createApp, type UserFields } from '../src/app.js'
import { readServerConfig, StartupError } from '../src/config.js'

const ORIGIN = 'http://localhost:8787'
const PASSWORD = 'a passphrase of sufficient length'

describe('the example app over real HTTP (in-process)', () => {
  const { app, auth } = createApp({
    origin: ORIGIN,
    mode: 'development',
    secret: 'an express example test secret of enough length',
    storage: createMemoryStorage(),
    logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
  })
  let server: ReturnType<typeof app.listen>
  let url = ''
  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1')
    await once(server, 'listening')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  it('guards /api: 401, then the user, custom fields, scopes and the admin role', async () => {
    expect((await fetch(`${url}/api/private`)).status).toBe(401)
    const registered = await fetch(`${url}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      body: JSON.stringify({ email: 'grace@example.com', password: PASSWORD, displayName: 'Grace' }),
    })
    expect(registered.status).toBe(201)
    const cookie = registered.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const { accessToken } = (await registered.json()) as { accessToken: string }

    const privateAnswer = (await (
      await fetch(`${url}/api/private`, { headers: { Cookie: cookie } })
    ).json()) as {
      user: { displayName: string }
      method: string
    }
    expect(privateAnswer).toMatchObject({ user: { displayName: 'Grace' }, method: 'session' })
    const bearer = await fetch(`${url}/api/posts`, { headers: { Authorization: `Bearer ${accessToken}` } })
    expect(bearer.status).toBe(200)
    expect((await fetch(`${url}/api/admin`, { headers: { Cookie: cookie } })).status).toBe(403)
    const user = (await auth.api.findUserByEmail('grace@example.com'))!
    await auth.api.updateUser(user.id, { roles: ['admin'] })
    expect((await fetch(`${url}/api/admin`, { headers: { Cookie: cookie } })).status).toBe(200)
    const missing = await fetch(`${url}/nowhere`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'not found' } })
  })
})

describe('req.auth typing', () => {
  it('carries the custom fields registered through Register', () => {
    expectTypeOf<RequestAuth>().toEqualTypeOf<Principal<UserFields> | null>()
    expectTypeOf<NonNullable<RequestAuth>['user']['displayName']>().toEqualTypeOf<string | undefined>()
  })
})

describe('readServerConfig', () => {
  it('defaults to 8787 on 127.0.0.1 with the origin on localhost', () => {
    const config = readServerConfig({})
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      origin: 'http://localhost:8787',
      mode: 'development',
      storage: { databaseUrl: undefined, redisUrl: undefined, redisPrefix: 'portcullis:' },
      trustProxy: undefined,
    })
  })

  it('reads every variable', () => {
    const config = readServerConfig({
      PORT: '3000',
      HOST: '0.0.0.0',
      APP_ORIGIN: 'https://app.example.com',
      NODE_ENV: 'production',
      AUTH_SECRET: 's'.repeat(40),
      DATABASE_URL: 'postgres://u:p@db/app',
      REDIS_URL: 'redis://cache:6379',
      SMTP_URL: 'smtps://u:p@mail.example.com',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
    })
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      origin: 'https://app.example.com',
      mode: 'production',
      smtpUrl: 'smtps://u:p@mail.example.com',
      storage: { databaseUrl: 'postgres://u:p@db/app', redisUrl: 'redis://cache:6379' },
      trustProxy: ['loopback', '10.0.0.0/8'],
    })
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY/],
    [{ JWT_KEYS: '{' }, /JWT_KEYS/],
  ])('refuses %j', (env, message) => {
    expect(() => readServerConfig(env)).toThrow(StartupError)
    expect(() => readServerConfig(env)).toThrow(message)
  })
})
