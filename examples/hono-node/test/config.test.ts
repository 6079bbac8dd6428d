import { describe, expect, it } from 'vitest'
import { readServerConfig, StartupError } from '../src/config.js'

describe('readServerConfig', () => {
  it('has local development defaults', () => {
    expect(readServerConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      origin: 'http://localhost:8787',
      mode: 'development',
      secret: undefined,
      storage: expect.objectContaining({ databaseUrl: undefined, redisUrl: undefined }),
      jwtKeys: undefined,
      smtpUrl: undefined,
      mailFrom: expect.any(String),
      notices: ['SMTP_URL is not set: account mail (verification, password reset) is printed here'],
    })
  })

  it('reads JWT_KEYS as a JSON array, and refuses anything else', () => {
    const keys = [{ kid: 'k1', alg: 'HS256', secret: 's'.repeat(32) }]
    expect(readServerConfig({ JWT_KEYS: JSON.stringify(keys) }).jwtKeys).toEqual(keys)
    for (const bad of ['not json', '[]', '{"kid":"k1"}']) {
      expect(() => readServerConfig({ JWT_KEYS: bad })).toThrow(StartupError)
    }
  })

  it('derives the default origin from PORT', () => {
    expect(readServerConfig({ PORT: '3000' }).origin).toBe('http://localhost:3000')
    expect(readServerConfig({ PORT: '3000', APP_ORIGIN: 'https://app.example.com' }).origin).toBe(
      'https://app.example.com',
    )
  })

  it('maps NODE_ENV to the mode', () => {
    expect(readServerConfig({ NODE_ENV: 'production' }).mode).toBe('production')
    expect(readServerConfig({ NODE_ENV: 'test' }).mode).toBe('development')
    expect(readServerConfig({ NODE_ENV: 'staging' }).mode).toBe('development')
  })

  it('reads HOST and AUTH_SECRET', () => {
    const secret = 's'.repeat(40)
    expect(readServerConfig({ HOST: '0.0.0.0', AUTH_SECRET: secret })).toMatchObject({
      host: '0.0.0.0',
      secret,
    })
  })

  it.each(['abc', '-1', '65536', '80.5', ' 80'])('refuses PORT=%j', (port) => {
    expect(() => readServerConfig({ PORT: port })).toThrow(StartupError)
  })

  it('keeps data in PGlite under the example by default, and reads DATABASE_URL, REDIS_URL, DATA_DIR, REDIS_PREFIX', () => {
    expect(readServerConfig({}).storage).toEqual({
      databaseUrl: undefined,
      redisUrl: undefined,
      dataDir: expect.stringMatching(/examples\/hono-node\/\.data$/),
      redisPrefix: 'portcullis:',
    })
    expect(
      readServerConfig({
        DATABASE_URL: 'postgres://u@db:5432/app',
        REDIS_URL: 'redis://cache:6379',
        DATA_DIR: '/tmp/x',
        REDIS_PREFIX: 'app:',
      }).storage,
    ).toEqual({
      databaseUrl: 'postgres://u@db:5432/app',
      redisUrl: 'redis://cache:6379',
      dataDir: '/tmp/x',
      redisPrefix: 'app:',
    })
  })

  it.each([
    ['DATABASE_URL', 'mysql://db/app'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://cache'],
  ])('refuses %s=%j', (name, value) => {
    expect(() => readServerConfig({ [name]: value })).toThrow(StartupError)
  })

  it('says where account mail goes, and checks SMTP_URL', () => {
    expect(readServerConfig({}).notices).toEqual([
      'SMTP_URL is not set: account mail (verification, password reset) is printed here',
    ])
    expect(readServerConfig({ NODE_ENV: 'production' }).notices).toEqual([
      'SMTP_URL is not set: email verification and password reset are off',
    ])
    expect(readServerConfig({ SMTP_URL: 'smtp://mail:25' })).toMatchObject({
      smtpUrl: 'smtp://mail:25',
      notices: [],
    })
    expect(() => readServerConfig({ SMTP_URL: 'http://mail' })).toThrow(StartupError)
  })
})
