import type { Storage } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import { describe, expect, it } from 'vitest'
import { createTestAuth, jsonRequest, register } from '../helpers/test-auth.js'

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

  it('logs in with one lookup, the IP and account counters (lock probe, attempts) and one reset, the second-factor lookups, one update and one insert', async () => {
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
      // Does the account need a second step? Three reads, sent together (one round trip of latency).
      'getTotpFactor',
      'listUserPasskeys',
      'countBackupCodes',
      'updateUser',
      'createSession',
    ])
  })
})
