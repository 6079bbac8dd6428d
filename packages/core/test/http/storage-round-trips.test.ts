import { hashToken, type Storage } from '@portcullis/core'
import { buildTotpFactor } from '@portcullis/core/testing'
import { createMemoryStorage } from '@portcullis/memory'
import { describe, expect, it } from 'vitest'
import { createTestAuth, GOOD_PASSWORD, jsonRequest, register } from '../helpers/test-auth.js'

/** The port's reads of a user's second factors: a login should make exactly one of them. */
const SECOND_FACTOR_READS = new Set([
  'getTotpFactor',
  'listUserPasskeys',
  'countBackupCodes',
  'getSecondFactors',
])

/** Wraps a storage so that every call of a port method is recorded by name. */
function countingStorage(storage: Storage): { storage: Storage; calls: string[] } {
  const calls: string[] = []
  const counted = new Proxy(storage, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls.push(String(property))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { storage: counted, calls }
}

describe('storage round trips per request', () => {
  it('checks a session with exactly one storage call (session and user together)', async () => {
    const { storage, calls } = countingStorage(createMemoryStorage())
    const { auth, clock } = createTestAuth({ storage, session: { touchIntervalSeconds: 300 } })
    const { cookie } = await register(auth)
    clock.advanceSeconds(10)
    calls.length = 0
    const response = await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))
    expect(response.status).toBe(200)
    expect(calls).toEqual(['getSessionAndUser'])
  })

  it('adds one write when the activity is due (throttled sliding renewal)', async () => {
    const { storage, calls } = countingStorage(createMemoryStorage())
    const { auth, clock } = createTestAuth({ storage, session: { touchIntervalSeconds: 300 } })
    const { cookie } = await register(auth)
    clock.advanceSeconds(301)
    calls.length = 0
    await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))
    expect(calls).toEqual(['getSessionAndUser', 'touchSession'])
  })

  it('logs in with one lookup, the IP and account counters (lock probe, attempts) and one reset, one second-factor read, one update and one insert', async () => {
    const { storage, calls } = countingStorage(createMemoryStorage())
    const { auth } = createTestAuth({ storage })
    await register(auth)
    calls.length = 0
    await auth.handler(
      jsonRequest('POST', '/auth/login', {
        identifier: 'ada@example.com',
        password: 'correct horse battery staple',
      }),
      { clientIp: '203.0.113.9' },
    )
    expect(calls).toEqual([
      'hitRateLimit',
      'getUserByEmail',
      'hitRateLimit',
      'hitRateLimit',
      'resetRateLimit',
      // Does the account need a second step? One read: the factor and both counts together.
      'getSecondFactors',
      'updateUser',
      'createSession',
    ])
  })

  it('a login of a user without second factors makes exactly one second-factor read', async () => {
    const { storage, calls } = countingStorage(createMemoryStorage())
    const { auth } = createTestAuth({ storage })
    await register(auth)
    calls.length = 0
    const response = await auth.handler(
      jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
    )
    expect(response.status).toBe(200)
    expect(calls.filter((call) => SECOND_FACTOR_READS.has(call))).toEqual(['getSecondFactors'])
  })

  it('a login of a user with TOTP enabled reads the second factors once before issuing the challenge', async () => {
    const { storage, calls } = countingStorage(createMemoryStorage())
    const { auth, clock } = createTestAuth({ storage })
    const { userId } = await register(auth)
    await storage.putTotpFactor(
      buildTotpFactor({ userId, enabled: true, createdAt: clock.now(), enabledAt: clock.now() }),
    )
    await storage.replaceBackupCodes(userId, [hashToken('code')])
    calls.length = 0
    const response = await auth.handler(
      jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
    )
    expect(response.status).toBe(401)
    expect(((await response.json()) as { methods: string[] }).methods).toEqual(['totp', 'backup_code'])
    expect(calls.filter((call) => SECOND_FACTOR_READS.has(call))).toEqual(['getSecondFactors'])
    expect(calls.slice(-2)).toEqual(['getSecondFactors', 'createToken'])
  })

  it('the two-factor status is the session check and one second-factor read', async () => {
    const { storage, calls } = countingStorage(createMemoryStorage())
    const { auth, clock } = createTestAuth({ storage, session: { touchIntervalSeconds: 300 } })
    const { cookie } = await register(auth)
    clock.advanceSeconds(10)
    calls.length = 0
    const response = await auth.handler(jsonRequest('GET', '/auth/two-factor', undefined, { cookie }))
    expect(await response.json()).toEqual({ totp: false, passkeys: 0, backupCodesRemaining: 0 })
    expect(calls).toEqual(['getSessionAndUser', 'getSecondFactors'])
  })
})
