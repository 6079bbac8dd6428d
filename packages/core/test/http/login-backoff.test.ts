import type { AuthEvent, Storage } from '@portcullis/core'
import type { PasswordHasher } from '@portcullis/core/password'
import { createMemoryMailer } from '@portcullis/core/testing'
import { createMemoryStorage } from '@portcullis/memory'
import { describe, expect, it } from 'vitest'
import { lockoutSeconds } from '../../src/rate-limit/account-lockout.js'
import {
  APP_ORIGIN,
  createTestAuth,
  errorOf,
  fastHasher,
  GOOD_PASSWORD,
  jsonRequest,
  login,
  register,
} from '../helpers/test-auth.js'

type TestAuth = ReturnType<typeof createTestAuth>['auth']

const loginRequest = (identifier: string, password: string) =>
  jsonRequest('POST', '/auth/login', { identifier, password })

/** Logs in with `password` from a fresh IP each time (so only the account limit is in play). */
let ipCounter = 0
function attempt(auth: TestAuth, password: string, identifier = 'ada@example.com'): Promise<Response> {
  ipCounter += 1
  return auth.handler(loginRequest(identifier, password), {
    clientIp: `198.51.${(ipCounter >> 8) & 255}.${ipCounter & 255}`,
  })
}

/** `n` wrong passwords; every one must be a plain 401 (not yet locked). */
async function failRun(auth: TestAuth, n: number, identifier = 'ada@example.com'): Promise<void> {
  for (let i = 0; i < n; i++) {
    const response = await attempt(auth, `wrong password number ${i}`, identifier)
    expect(response.status).toBe(401)
  }
}

/** Asserts a 429 `too_many_attempts` whose headers give `seconds` left of a limit of `limit`. */
async function expectLocked(response: Response, seconds: number, limit = 10): Promise<void> {
  expect(response.status).toBe(429)
  expect((await errorOf(response)).code).toBe('too_many_attempts')
  expect(response.headers.get('retry-after')).toBe(String(seconds))
  expect(response.headers.get('ratelimit-limit')).toBe(String(limit))
  expect(response.headers.get('ratelimit-remaining')).toBe('0')
  expect(response.headers.get('ratelimit-reset')).toBe(String(seconds))
}

/** A hasher that counts its calls, around the fast test hasher. */
function countingHasher(): PasswordHasher & { calls: { hash: number; verify: number } } {
  const calls = { hash: 0, verify: 0 }
  return {
    calls,
    hash: (password) => {
      calls.hash += 1
      return fastHasher.hash(password)
    },
    verify: (phc, password) => {
      calls.verify += 1
      return fastHasher.verify(phc, password)
    },
    needsRehash: (phc) => fastHasher.needsRehash(phc),
  }
}

describe('account lockout with exponential back-off (BF-1)', () => {
  it('locks on the 11th attempt for the window, then twice as long after each further run, with the real time left in Retry-After and RateLimit-*', async () => {
    const events: AuthEvent[] = []
    const { auth, clock } = createTestAuth({ onEvent: (event) => void events.push(event) })
    await register(auth)

    await failRun(auth, 10)
    // The 11th attempt is refused although the password is right.
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 900)
    clock.advanceSeconds(300)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 600)
    clock.advanceSeconds(599)
    await expectLocked(await attempt(auth, 'wrong password again'), 1)
    clock.advanceSeconds(1)

    // The first lock is over: a fresh run of 10, then twice as long.
    await failRun(auth, 10)
    await expectLocked(await attempt(auth, 'wrong password again'), 1800)
    clock.advanceSeconds(1000)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 800)
    clock.advanceSeconds(800)

    await failRun(auth, 10)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 3600)
    clock.advanceSeconds(3599)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 1)
    clock.advanceSeconds(1)
    expect((await attempt(auth, GOOD_PASSWORD)).status).toBe(200)

    // Every refused attempt is reported, with the account.
    const lockedOut = events.filter((e) => e.type === 'locked_out')
    expect(lockedOut).toHaveLength(7)
    expect(new Set(lockedOut.map((e) => e.userId))).toEqual(new Set([events[0]!.userId]))
  })

  it('a success after a lock resets the attempts and the lockout history: the next lock is the window again', async () => {
    const { auth, clock } = createTestAuth()
    await register(auth)
    await failRun(auth, 10)
    await expectLocked(await attempt(auth, 'wrong password again'), 900)
    clock.advanceSeconds(900)
    await failRun(auth, 10)
    await expectLocked(await attempt(auth, 'wrong password again'), 1800)
    clock.advanceSeconds(1800)

    await login(auth)
    // A full run of 10 failures is allowed again, and the lock is back at its base length.
    await failRun(auth, 10)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 900)
  })

  it('follows the configured factor and cap, and the attempts window sets the first lock', async () => {
    const { auth, clock } = createTestAuth({
      rateLimit: {
        loginPerAccount: { max: 2, windowSeconds: 600 },
        lockoutBackoff: { factor: 3, maxSeconds: 5000 },
      },
    })
    await register(auth)
    const seen: number[] = []
    for (let run = 0; run < 4; run++) {
      await failRun(auth, 2)
      const locked = await attempt(auth, GOOD_PASSWORD)
      expect(locked.status).toBe(429)
      expect(locked.headers.get('ratelimit-limit')).toBe('2')
      const seconds = Number(locked.headers.get('retry-after'))
      seen.push(seconds)
      clock.advanceSeconds(seconds)
    }
    expect(seen).toEqual([600, 1800, 5000, 5000])
  })

  it('runs no password hash while locked, for a known account and an unknown identifier alike (PW-14)', async () => {
    const hasher = countingHasher()
    const { auth } = createTestAuth({ password: { hasher } })
    await register(auth)
    await failRun(auth, 10)
    await failRun(auth, 10, 'nobody@example.com')
    // Each of the 20 failures verified once (the unknown account against the dummy hash).
    expect(hasher.calls.verify).toBe(20)
    const before = { ...hasher.calls }

    for (let i = 0; i < 25; i++) {
      expect((await attempt(auth, GOOD_PASSWORD)).status).toBe(429)
      expect((await attempt(auth, 'a guess for nobody', 'nobody@example.com')).status).toBe(429)
    }
    expect(hasher.calls).toEqual(before)
  })

  it('parallel attempts across the limit: exactly 10 reach the hash, the rest are 429, and the lock holds its full length', async () => {
    const hasher = countingHasher()
    const { auth } = createTestAuth({ password: { hasher } })
    await register(auth)
    hasher.calls.verify = 0
    const statuses = (
      await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(auth, `parallel wrong password ${i}`)))
    ).map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20)
    expect(hasher.calls.verify).toBe(10)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 900)
  })

  it('writes the lock again when a concurrent probe slips in between clearing and starting it', async () => {
    const memory = createMemoryStorage()
    let raced = 0
    const storage = {
      ...memory,
      async resetRateLimit(key: string) {
        await memory.resetRateLimit(key)
        // Another request's look at the lock key lands right after the clear, twice.
        if (key.startsWith('login:lock:') && raced < 2) {
          raced += 1
          await memory.hitRateLimit(key, 1, clock.now())
        }
      },
    }
    const { auth, clock } = createTestAuth({ storage })
    await register(auth)
    await failRun(auth, 10)
    clock.advanceSeconds(600)
    await expectLocked(await attempt(auth, 'wrong password again'), 900)
    expect(raced).toBe(2)
    // Past the end of the attempts window (600 s from here), the lock holds, to the second.
    clock.advanceSeconds(899)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 1)
    clock.advanceSeconds(1)
    expect((await attempt(auth, GOOD_PASSWORD)).status).toBe(200)
  })

  it('the per-IP limit is unchanged: it counts before the account, and a locked account does not lift it', async () => {
    const { auth } = createTestAuth({
      rateLimit: {
        loginPerIp: { max: 5, windowSeconds: 900 },
        loginPerAccount: { max: 2, windowSeconds: 900 },
      },
    })
    await register(auth)
    const fromOneIp = (identifier: string) =>
      auth.handler(loginRequest(identifier, 'wrong password here'), { clientIp: '203.0.113.9' })
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await fromOneIp(`user${i % 2}@example.com`)).status)
    // user0 is tried at 0, 2, 4 (its third attempt locks it); the IP is over at the 6th request.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429])
    const ipLimited = await fromOneIp('someone-new@example.com')
    expect(ipLimited.status).toBe(429)
    expect(ipLimited.headers.get('ratelimit-limit')).toBe('5')
  })

  it('a wrong current password on change-password counts and locks with back-off; a locked account cannot change it', async () => {
    const { auth, clock } = createTestAuth({ rateLimit: { loginPerAccount: { max: 2, windowSeconds: 900 } } })
    const { cookie } = await register(auth)
    const change = (currentPassword: string) =>
      auth.handler(
        jsonRequest(
          'POST',
          '/auth/change-password',
          { currentPassword, newPassword: 'a whole new passphrase 2026' },
          { cookie },
        ),
      )
    expect((await change('not my password!!')).status).toBe(400)
    expect((await change('not my password!!')).status).toBe(400)
    await expectLocked(await change(GOOD_PASSWORD), 900, 2)
    // Login shares the lock.
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 900, 2)
    clock.advanceSeconds(900)
    // The next run (login failures this time) locks for twice as long.
    await failRun(auth, 2)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 1800, 2)
  })

  it('a password reset lifts the lock and forgets the history (soft lockout, not a denial of service)', async () => {
    const mailer = createMemoryMailer()
    const { auth } = createTestAuth({ mailer })
    const pending: Promise<unknown>[] = []
    const handle = async (request: Request) => {
      const response = await auth.handler(request, { waitUntil: (p) => pending.push(p) })
      await Promise.all(pending.splice(0))
      return response
    }
    await register(auth)
    await failRun(auth, 10)
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 900)

    expect(
      (await handle(jsonRequest('POST', '/auth/password-reset/request', { email: 'ada@example.com' })))
        .status,
    ).toBe(202)
    const match = new RegExp(`${APP_ORIGIN}/reset-password\\?token=([A-Za-z0-9_-]+)`).exec(
      mailer.last()!.text,
    )
    const newPassword = 'a freshly reset passphrase'
    expect(
      (await handle(jsonRequest('POST', '/auth/password-reset/confirm', { token: match![1], newPassword })))
        .status,
    ).toBe(204)
    expect((await attempt(auth, newPassword)).status).toBe(200)
    // History forgotten: a new run locks for the base window, not twice it.
    await failRun(auth, 10)
    await expectLocked(await attempt(auth, newPassword), 900)
  })
})

/** Wraps a storage so that every rate-limit call is recorded with its bucket. */
function recordingRateLimits(storage: Storage): { storage: Storage; calls: string[] } {
  const calls: string[] = []
  const bucket = (key: string) => key.slice(0, key.lastIndexOf(':'))
  return {
    calls,
    storage: {
      ...storage,
      hitRateLimit: (key, windowSeconds, now) => {
        calls.push(`hit ${bucket(key)}`)
        return storage.hitRateLimit(key, windowSeconds, now)
      },
      resetRateLimit: (key) => {
        calls.push(`reset ${bucket(key)}`)
        return storage.resetRateLimit(key)
      },
    },
  }
}

describe('account lockout round trips', () => {
  it('costs one extra counter hit per attempt; a success clears the history only after a recent lockout', async () => {
    const { storage, calls } = recordingRateLimits(createMemoryStorage())
    const { auth, clock } = createTestAuth({ storage })
    await register(auth)
    calls.length = 0
    await attempt(auth, GOOD_PASSWORD)
    expect(calls).toEqual(['hit login:ip', 'hit login:lock', 'hit login:account', 'reset login:account'])

    await failRun(auth, 10)
    calls.length = 0
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 900)
    expect(calls).toEqual([
      'hit login:ip',
      'hit login:lock',
      'hit login:account',
      'hit login:lockouts',
      'reset login:lock',
      'hit login:lock',
    ])
    calls.length = 0
    await expectLocked(await attempt(auth, GOOD_PASSWORD), 900)
    expect(calls).toEqual(['hit login:ip', 'hit login:lock'])

    clock.advanceSeconds(900)
    calls.length = 0
    expect((await attempt(auth, GOOD_PASSWORD)).status).toBe(200)
    expect(calls).toEqual([
      'hit login:ip',
      'hit login:lock',
      'hit login:account',
      'reset login:account',
      'reset login:lock',
      'reset login:lockouts',
    ])
  })
})

describe('lockoutSeconds', () => {
  it('doubles from the window up to the cap', () => {
    const backoff = { factor: 2, maxSeconds: 86_400 }
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50, 5000].map((n) => lockoutSeconds(900, backoff, n))).toEqual([
      900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400, 86_400, 86_400,
    ])
  })

  it('never goes below the window, and rounds up to whole seconds', () => {
    expect(lockoutSeconds(900, { factor: 1, maxSeconds: 86_400 }, 7)).toBe(900)
    expect(lockoutSeconds(7200, { factor: 2, maxSeconds: 3600 }, 3)).toBe(7200)
    expect(lockoutSeconds(10, { factor: 1.5, maxSeconds: 100 }, 2)).toBe(15)
    expect(lockoutSeconds(10, { factor: 1.55, maxSeconds: 100 }, 2)).toBe(16)
  })
})
