import { addSeconds, type Storage, StorageUnavailableError } from '@portcullis/core'
import {
  buildApiKey,
  buildPasskey,
  buildRefreshToken,
  buildSession,
  buildToken,
  buildTotpFactor,
  buildUser,
  createFakeClock,
  serverUrlFromEnv,
} from '@portcullis/core/testing'
import type { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStorage, type RedisScriptClient } from '../src/index.js'
import { connect, deleteKeysUnder, keysUnder, testPrefix } from './redis-fixture.js'

const clock = createFakeClock()

/** Every method of the port, with plausible arguments. */
const CALLS: Record<keyof Storage, (s: Storage) => Promise<unknown>> = {
  createUser: (s) => s.createUser(buildUser({ username: 'ada', createdAt: clock.now() })),
  getUserById: (s) => s.getUserById('some-user'),
  getUserByEmail: (s) => s.getUserByEmail('ada@example.com'),
  getUserByUsername: (s) => s.getUserByUsername('ada'),
  updateUser: (s) => s.updateUser('some-user', { emailVerified: true, updatedAt: clock.now() }),
  replacePasswordHash: (s) => s.replacePasswordHash('some-user', 'a', 'b', clock.now()),
  deleteUser: (s) => s.deleteUser('some-user'),
  listUsers: (s) => s.listUsers({ limit: 10 }),
  createSession: (s) => s.createSession(buildSession({ userId: 'some-user', createdAt: clock.now() })),
  getSessionAndUser: (s) => s.getSessionAndUser('some-session', clock.now()),
  getSession: (s) => s.getSession('some-session', clock.now()),
  touchSession: (s) => s.touchSession('some-session', clock.now(), addSeconds(clock.now(), 600)),
  listUserSessions: (s) => s.listUserSessions('some-user', clock.now()),
  deleteUserSession: (s) => s.deleteUserSession('some-user', 'some-session'),
  deleteSession: (s) => s.deleteSession('some-session'),
  deleteUserSessions: (s) => s.deleteUserSessions('some-user'),
  createToken: (s) => s.createToken(buildToken({ userId: 'some-user', createdAt: clock.now() })),
  consumeToken: (s) => s.consumeToken('password_reset', 'a'.repeat(64), clock.now()),
  deleteUserTokens: (s) => s.deleteUserTokens('some-user'),
  hitRateLimit: (s) => s.hitRateLimit('login:ada', 60, clock.now()),
  resetRateLimit: (s) => s.resetRateLimit('login:ada'),
  createRefreshToken: (s) =>
    s.createRefreshToken(buildRefreshToken({ userId: 'some-user', createdAt: clock.now() })),
  rotateRefreshToken: (s) =>
    s.rotateRefreshToken(
      'a'.repeat(64),
      buildRefreshToken({ userId: 'some-user', createdAt: clock.now() }),
      clock.now(),
    ),
  getRefreshToken: (s) => s.getRefreshToken('a'.repeat(64), clock.now()),
  deleteRefreshTokenFamily: (s) => s.deleteRefreshTokenFamily('some-family'),
  deleteUserRefreshTokens: (s) => s.deleteUserRefreshTokens('some-user'),
  createApiKey: (s) => s.createApiKey(buildApiKey({ userId: 'some-user', createdAt: clock.now() })),
  getApiKeyAndUser: (s) => s.getApiKeyAndUser('b'.repeat(64), clock.now()),
  listUserApiKeys: (s) => s.listUserApiKeys('some-user', clock.now()),
  deleteUserApiKey: (s) => s.deleteUserApiKey('some-user', 'some-key'),
  deleteUserApiKeys: (s) => s.deleteUserApiKeys('some-user'),
  touchApiKey: (s) => s.touchApiKey('some-key', clock.now()),
  putTotpFactor: (s) => s.putTotpFactor(buildTotpFactor({ userId: 'some-user', createdAt: clock.now() })),
  getTotpFactor: (s) => s.getTotpFactor('some-user'),
  acceptTotpStep: (s) => s.acceptTotpStep('some-user', 'v1.a.b', 1),
  deleteTotpFactor: (s) => s.deleteTotpFactor('some-user'),
  replaceBackupCodes: (s) => s.replaceBackupCodes('some-user', ['a'.repeat(64)]),
  consumeBackupCode: (s) => s.consumeBackupCode('some-user', 'a'.repeat(64)),
  countBackupCodes: (s) => s.countBackupCodes('some-user'),
  getSecondFactors: (s) => s.getSecondFactors('some-user'),
  createPasskey: (s) => s.createPasskey(buildPasskey({ userId: 'some-user', createdAt: clock.now() })),
  getPasskeyAndUser: (s) => s.getPasskeyAndUser('some-credential'),
  listUserPasskeys: (s) => s.listUserPasskeys('some-user'),
  deleteUserPasskey: (s) => s.deleteUserPasskey('some-user', 'some-passkey'),
  recordPasskeyUse: (s) => s.recordPasskeyUse('some-passkey', 0, 1, clock.now()),
}

/** A client whose every command fails the way a dropped connection does. */
function brokenClient(cause: Error): RedisScriptClient {
  return {
    evalsha: () => Promise.reject(cause),
    eval: () => Promise.reject(cause),
  }
}

/** A client that runs each command on Redis and then loses the reply (the connection dropped). */
function replyLosingClient(inner: RedisScriptClient): RedisScriptClient {
  const lose = async (sent: Promise<unknown>): Promise<never> => {
    await sent
    throw new Error('read ECONNRESET')
  }
  return {
    evalsha: (sha, numKeys, ...rest) => lose(inner.evalsha(sha, numKeys, ...rest)),
    eval: (script, numKeys, ...rest) => lose(inner.eval(script, numKeys, ...rest)),
  }
}

describe('a client that fails', () => {
  const cause = new Error('connect ECONNREFUSED 127.0.0.1:6379')
  const storage = createRedisStorage(brokenClient(cause))

  for (const [method, call] of Object.entries(CALLS)) {
    it(`${method} rejects with StorageUnavailableError, the client's error as cause`, async () => {
      const error = await call(storage).then(
        () => null,
        (thrown: unknown) => thrown,
      )
      expect(error).toBeInstanceOf(StorageUnavailableError)
      expect(error).toHaveProperty('cause', cause)
      expect(error).toHaveProperty('status', 503)
    })
  }
})

const url = serverUrlFromEnv('REDIS_URL')

describe.skipIf(!url)('faults against a Redis server', () => {
  const prefix = testPrefix(`faults_${process.pid}`)
  let admin: Redis
  beforeAll(() => {
    admin = connect(url!)
  })
  afterEach(async () => {
    await deleteKeysUnder(admin, prefix)
  })
  afterAll(() => {
    admin.disconnect()
  })

  it('a command that never reaches Redis writes nothing', async () => {
    const storage = createRedisStorage(brokenClient(new Error('socket closed')), { prefix })
    for (const call of Object.values(CALLS))
      await expect(call(storage)).rejects.toBeInstanceOf(StorageUnavailableError)
    expect(await keysUnder(admin, prefix)).toEqual([])
  })

  it('createUser whose reply is lost: StorageUnavailableError, and the user was written whole (all its keys)', async () => {
    const storage = createRedisStorage(replyLosingClient(admin), { prefix })
    const user = buildUser({ email: 'ada@example.com', username: 'ada', createdAt: clock.now() })
    await expect(storage.createUser(user)).rejects.toBeInstanceOf(StorageUnavailableError)
    expect(await keysUnder(admin, prefix)).toEqual(
      [
        `${prefix}email:ada@example.com`,
        `${prefix}user:${user.id}`,
        `${prefix}username:ada`,
        `${prefix}users`,
      ].sort(),
    )
    const reader = createRedisStorage(admin, { prefix })
    expect(await reader.getUserByUsername('ada')).toEqual(user)
  })

  it('deleteUser whose reply is lost: StorageUnavailableError, and the user, sessions, tokens, refresh tokens, API keys, TOTP factor, backup codes and passkeys are all gone', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const user = buildUser({ username: 'ada', createdAt: clock.now() })
    await storage.createUser(user)
    await storage.createSession(buildSession({ userId: user.id, createdAt: clock.now() }))
    await storage.createToken(buildToken({ userId: user.id, createdAt: clock.now() }))
    const first = buildRefreshToken({ userId: user.id, createdAt: clock.now() })
    await storage.createRefreshToken(first)
    const next = buildRefreshToken({ userId: user.id, createdAt: clock.now() })
    await storage.rotateRefreshToken(first.tokenHash, next, clock.now())
    await storage.createRefreshToken(buildRefreshToken({ userId: user.id, createdAt: clock.now() }))
    await storage.createApiKey(buildApiKey({ userId: user.id, createdAt: clock.now() }))
    await storage.createApiKey(
      buildApiKey({ userId: user.id, createdAt: clock.now(), expiresAt: addSeconds(clock.now(), 3600) }),
    )
    await storage.putTotpFactor(buildTotpFactor({ userId: user.id, createdAt: clock.now() }))
    await storage.replaceBackupCodes(user.id, ['a'.repeat(64), 'b'.repeat(64)])
    await storage.createPasskey(buildPasskey({ userId: user.id, createdAt: clock.now() }))
    await storage.createPasskey(buildPasskey({ userId: user.id, createdAt: clock.now() }))
    await storage.createToken(buildToken({ userId: null, purpose: 'passkey_login', createdAt: clock.now() }))
    await storage.hitRateLimit('login:ada', 60, clock.now())
    const unbound = (await keysUnder(admin, prefix)).filter((key) =>
      key.startsWith(`${prefix}token:passkey_login:`),
    )
    expect(unbound).toHaveLength(1)
    const losing = createRedisStorage(replyLosingClient(admin), { prefix })
    await expect(losing.deleteUser(user.id)).rejects.toBeInstanceOf(StorageUnavailableError)
    expect(await keysUnder(admin, prefix)).toEqual([`${prefix}ratelimit:login:ada`, ...unbound].sort())
  })

  it('rotateRefreshToken whose reply is lost: StorageUnavailableError, and the rotation happened whole', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const now = clock.now()
    const user = buildUser({ createdAt: now })
    const first = buildRefreshToken({ userId: user.id, createdAt: now })
    await storage.createRefreshToken(first)
    const next = buildRefreshToken({ userId: user.id, createdAt: now, familyId: 'ignored' })
    const losing = createRedisStorage(replyLosingClient(admin), { prefix })
    await expect(losing.rotateRefreshToken(first.tokenHash, next, now)).rejects.toBeInstanceOf(
      StorageUnavailableError,
    )
    expect(await storage.getRefreshToken(first.tokenHash, now)).toBeNull()
    expect(await storage.getRefreshToken(next.tokenHash, now)).toEqual({ ...next, familyId: first.familyId })
    expect(await keysUnder(admin, prefix)).toEqual(
      [
        `${prefix}refresh:${first.tokenHash}`,
        `${prefix}refresh:${next.tokenHash}`,
        `${prefix}refresh-family:${first.familyId}`,
        `${prefix}user-refresh:${user.id}`,
      ].sort(),
    )
    expect(
      await storage.rotateRefreshToken(
        first.tokenHash,
        buildRefreshToken({ userId: user.id, createdAt: now }),
        now,
      ),
    ).toMatchObject({ status: 'reused' })
    expect(await keysUnder(admin, prefix)).toEqual([])
  })

  it('a connection dropped half way through 100 writes: each write is whole or absent, the indexes consistent', async () => {
    const client = connect(url!)
    const storage = createRedisStorage(client, { prefix })
    await storage.getUserById('warm-up')
    const users = Array.from({ length: 50 }, (_, i) =>
      buildUser({ username: `user${i}`, createdAt: clock.now() }),
    )
    const sessions = users.map((user) => buildSession({ userId: user.id, createdAt: clock.now() }))
    // Each outcome is taken as the write starts, so that no rejection goes unhandled meanwhile.
    const outcomes: Promise<unknown>[] = []
    const start = (write: Promise<unknown>): void => {
      outcomes.push(
        write.then(
          () => null,
          (reason: unknown) => reason ?? 'rejected',
        ),
      )
    }
    const half = users.length / 2
    for (const [i, user] of users.entries()) {
      start(storage.createUser(user))
      start(storage.createSession(sessions[i]!))
      // The first half completes (so some writes surely land, however loaded the machine);
      // the connection then drops while the second half is in flight.
      if (i < half) await Promise.all(outcomes.slice(-2))
      else await new Promise((resolve) => setImmediate(resolve))
      if (i === half + 5) client.disconnect()
    }
    const failed = (await Promise.all(outcomes)).filter((reason) => reason !== null)
    expect(failed.length).toBeGreaterThan(0)
    expect(failed.length).toBeLessThan(outcomes.length)
    for (const reason of failed) expect(reason).toBeInstanceOf(StorageUnavailableError)

    const reader = createRedisStorage(admin, { prefix })
    const listed = await reader.listUsers({ limit: 100 })
    const stored = new Set(listed.map((user) => user.id))
    const now = clock.now()
    for (const [i, user] of users.entries()) {
      const present = stored.has(user.id)
      expect(await reader.getUserById(user.id)).toEqual(present ? user : null)
      expect((await reader.getUserByEmail(user.emailKey))?.id ?? null).toBe(present ? user.id : null)
      expect((await reader.getUserByUsername(`user${i}`))?.id ?? null).toBe(present ? user.id : null)
      const session = await reader.getSession(sessions[i]!.id, now)
      const listedSessions = await reader.listUserSessions(user.id, now)
      expect(listedSessions).toEqual(session === null ? [] : [session])
    }
    const keyCount = (await keysUnder(admin, prefix)).length
    const sessionCount = (await Promise.all(sessions.map((s) => reader.getSession(s.id, now)))).filter(
      (s) => s !== null,
    ).length
    // Per user: hash + email + username keys; per session: hash + the user's session set.
    expect(keyCount).toBe((stored.size > 0 ? 1 : 0) + 3 * stored.size + 2 * sessionCount)
  })

  it('a record under the prefix that this store did not write fails closed with StorageUnavailableError', async () => {
    await admin.hset(`${prefix}user:mallory`, 'id', 'mallory', 'email', 'm@example.com', 'roles', 'not json')
    const storage = createRedisStorage(admin, { prefix })
    await expect(storage.getUserById('mallory')).rejects.toBeInstanceOf(StorageUnavailableError)
    await admin.hset(`${prefix}refresh:${'c'.repeat(64)}`, 'tokenHash', 'c'.repeat(64), 'expiresAt', 'soon')
    await expect(storage.getRefreshToken('c'.repeat(64), clock.now())).rejects.toBeInstanceOf(
      StorageUnavailableError,
    )
    await admin.set(`${prefix}apikey-hash:${'d'.repeat(64)}`, 'mallory-key')
    await admin.hset(`${prefix}apikey:mallory-key`, 'keyHash', 'd'.repeat(64), 'userId', 'mallory')
    await expect(storage.getApiKeyAndUser('d'.repeat(64), clock.now())).rejects.toBeInstanceOf(
      StorageUnavailableError,
    )
  })
})
