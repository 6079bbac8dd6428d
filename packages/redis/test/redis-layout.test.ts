import { addSeconds } from '@portcullis/core'
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
import { createRedisStorage } from '../src/index.js'
import { connect, deleteKeysUnder, keysUnder, testPrefix } from './redis-fixture.js'

const url = serverUrlFromEnv('REDIS_URL')

describe.skipIf(!url)('keys and native TTLs on a Redis server', () => {
  const prefix = testPrefix(`layout_${process.pid}`)
  const clock = createFakeClock()
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

  it('writes the documented keys, all under the prefix', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const user = buildUser({ email: 'ada@example.com', username: 'Ada', createdAt: clock.now() })
    await storage.createUser(user)
    const session = buildSession({ id: 's1', userId: user.id, createdAt: clock.now() })
    await storage.createSession(session)
    const token = buildToken({
      userId: user.id,
      purpose: 'password_reset',
      tokenHash: 'ab12',
      createdAt: clock.now(),
    })
    await storage.createToken(token)
    await storage.hitRateLimit('login:ada', 60, clock.now())
    expect(await keysUnder(admin, prefix)).toEqual(
      [
        `${prefix}user:${user.id}`,
        `${prefix}users`,
        `${prefix}email:ada@example.com`,
        `${prefix}username:ada`,
        `${prefix}session:s1`,
        `${prefix}user-sessions:${user.id}`,
        `${prefix}token:password_reset:ab12`,
        `${prefix}user-tokens:${user.id}`,
        `${prefix}ratelimit:login:ada`,
      ].sort(),
    )
    expect(await admin.type(`${prefix}user:${user.id}`)).toBe('hash')
    expect(await admin.zrange(`${prefix}users`, 0, -1, 'WITHSCORES')).toEqual([user.id, '0'])
    expect(await admin.smembers(`${prefix}user-tokens:${user.id}`)).toEqual(['password_reset:ab12'])
  })

  it('users never expire; sessions, tokens and counters expire at their deadline (PEXPIREAT), index sets at the latest', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const start = clock.now()
    const user = buildUser({ createdAt: start })
    await storage.createUser(user)
    const session = buildSession({
      userId: user.id,
      createdAt: start,
      expiresAt: addSeconds(start, 86_400),
      idleExpiresAt: addSeconds(start, 600),
    })
    await storage.createSession(session)
    const token = buildToken({ userId: user.id, createdAt: start, expiresAt: addSeconds(start, 900) })
    await storage.createToken(token)
    const { resetAt } = await storage.hitRateLimit('login:ada', 60, start)

    const deadline = (key: string): Promise<number> => admin.pexpiretime(`${prefix}${key}`)
    expect(await deadline(`user:${user.id}`)).toBe(-1)
    expect(await deadline('users')).toBe(-1)
    expect(await deadline(`email:${user.emailKey}`)).toBe(-1)
    expect(await deadline(`session:${session.id}`)).toBe(session.idleExpiresAt.getTime())
    expect(await deadline(`user-sessions:${user.id}`)).toBe(session.expiresAt.getTime())
    expect(await deadline(`token:${token.purpose}:${token.tokenHash}`)).toBe(token.expiresAt.getTime())
    expect(await deadline(`user-tokens:${user.id}`)).toBe(token.expiresAt.getTime())
    expect(await deadline('ratelimit:login:ada')).toBe(resetAt.getTime())

    const seenAt = addSeconds(start, 300)
    await storage.touchSession(session.id, seenAt, addSeconds(seenAt, 600))
    expect(await deadline(`session:${session.id}`)).toBe(addSeconds(seenAt, 600).getTime())
    await storage.touchSession(session.id, seenAt, addSeconds(start, 2 * 86_400))
    expect(await deadline(`session:${session.id}`)).toBe(session.expiresAt.getTime())

    const later = buildToken({ userId: user.id, createdAt: start, expiresAt: addSeconds(start, 3600) })
    await storage.createToken(later)
    await storage.createToken(
      buildToken({ userId: user.id, createdAt: start, expiresAt: addSeconds(start, 60) }),
    )
    expect(await deadline(`user-tokens:${user.id}`)).toBe(later.expiresAt.getTime())
  })

  it('refresh tokens: a hash per token, a set per family and per user, all living until the family ends', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const start = clock.now()
    const user = buildUser({ createdAt: start })
    await storage.createUser(user)
    const first = buildRefreshToken({
      userId: user.id,
      familyId: 'f1',
      tokenHash: 'aa',
      createdAt: start,
      expiresAt: addSeconds(start, 3600),
      familyExpiresAt: addSeconds(start, 86_400),
    })
    await storage.createRefreshToken(first)
    const next = buildRefreshToken({ userId: user.id, familyId: 'not-f1', tokenHash: 'bb', createdAt: start })
    next.expiresAt = addSeconds(start, 7200)
    next.familyExpiresAt = first.familyExpiresAt
    expect(await storage.rotateRefreshToken('aa', next, addSeconds(start, 60))).toMatchObject({
      status: 'rotated',
    })
    const other = buildRefreshToken({
      userId: user.id,
      familyId: 'f2',
      tokenHash: 'cc',
      createdAt: start,
      familyExpiresAt: addSeconds(start, 2 * 86_400),
    })
    await storage.createRefreshToken(other)
    expect(await keysUnder(admin, prefix)).toEqual(
      [
        `${prefix}user:${user.id}`,
        `${prefix}users`,
        `${prefix}email:${user.emailKey}`,
        `${prefix}refresh:aa`,
        `${prefix}refresh:bb`,
        `${prefix}refresh:cc`,
        `${prefix}refresh-family:f1`,
        `${prefix}refresh-family:f2`,
        `${prefix}user-refresh:${user.id}`,
      ].sort(),
    )
    expect((await admin.smembers(`${prefix}refresh-family:f1`)).sort()).toEqual(['aa', 'bb'])
    expect((await admin.smembers(`${prefix}user-refresh:${user.id}`)).sort()).toEqual(['f1', 'f2'])
    expect(await admin.hget(`${prefix}refresh:aa`, 'spentAt')).toBe(String(addSeconds(start, 60).getTime()))
    expect(await admin.hget(`${prefix}refresh:bb`, 'familyId')).toBe('f1')

    const deadline = (key: string): Promise<number> => admin.pexpiretime(`${prefix}${key}`)
    const familyEnd = first.familyExpiresAt.getTime()
    expect(await deadline('refresh:aa')).toBe(familyEnd)
    expect(await deadline('refresh:bb')).toBe(familyEnd)
    expect(await deadline('refresh-family:f1')).toBe(familyEnd)
    expect(await deadline('refresh:cc')).toBe(other.familyExpiresAt.getTime())
    expect(await deadline(`user-refresh:${user.id}`)).toBe(other.familyExpiresAt.getTime())

    expect(await storage.deleteRefreshTokenFamily('f1')).toBe(2)
    expect(await admin.smembers(`${prefix}user-refresh:${user.id}`)).toEqual(['f2'])
    expect(await storage.deleteUser(user.id)).toBe(true)
    expect(await keysUnder(admin, prefix)).toEqual([])
  })

  it('API keys: a hash by id, an index by key hash, a set per user; evicted at expiresAt when they have one', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const start = clock.now()
    const user = buildUser({ createdAt: start })
    await storage.createUser(user)
    const expiring = buildApiKey({
      id: 'k1',
      keyHash: 'h1',
      userId: user.id,
      createdAt: start,
      expiresAt: addSeconds(start, 3600),
    })
    await storage.createApiKey(expiring)
    const deadline = (key: string): Promise<number> => admin.pexpiretime(`${prefix}${key}`)
    expect(await deadline('apikey:k1')).toBe(expiring.expiresAt?.getTime())
    expect(await deadline('apikey-hash:h1')).toBe(expiring.expiresAt?.getTime())
    expect(await deadline(`user-apikeys:${user.id}`)).toBe(expiring.expiresAt?.getTime())
    await storage.createApiKey(buildApiKey({ id: 'k2', keyHash: 'h2', userId: user.id, createdAt: start }))
    expect(await keysUnder(admin, prefix)).toEqual(
      [
        `${prefix}user:${user.id}`,
        `${prefix}users`,
        `${prefix}email:${user.emailKey}`,
        `${prefix}apikey:k1`,
        `${prefix}apikey:k2`,
        `${prefix}apikey-hash:h1`,
        `${prefix}apikey-hash:h2`,
        `${prefix}user-apikeys:${user.id}`,
      ].sort(),
    )
    expect(await admin.get(`${prefix}apikey-hash:h2`)).toBe('k2')
    expect((await admin.smembers(`${prefix}user-apikeys:${user.id}`)).sort()).toEqual(['k1', 'k2'])
    expect(await deadline('apikey:k2')).toBe(-1)
    expect(await deadline('apikey-hash:h2')).toBe(-1)
    expect(await deadline(`user-apikeys:${user.id}`)).toBe(-1)
    await storage.createApiKey(
      buildApiKey({
        id: 'k3',
        keyHash: 'h3',
        userId: user.id,
        createdAt: start,
        expiresAt: addSeconds(start, 60),
      }),
    )
    expect(await deadline(`user-apikeys:${user.id}`)).toBe(-1)

    expect(await storage.deleteUserApiKey(user.id, 'k2')).toBe(true)
    expect(await admin.exists(`${prefix}apikey:k2`, `${prefix}apikey-hash:h2`)).toBe(0)
    expect(await storage.deleteUser(user.id)).toBe(true)
    expect(await keysUnder(admin, prefix)).toEqual([])
  })

  it('second factors and passkeys: a factor hash and a code set per user, a passkey hash, a credential index, a set per user; none expires', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const start = clock.now()
    const user = buildUser({ createdAt: start })
    await storage.createUser(user)
    await storage.putTotpFactor(buildTotpFactor({ userId: user.id, createdAt: start }))
    await storage.replaceBackupCodes(user.id, ['c1', 'c2'])
    await storage.createPasskey(
      buildPasskey({ id: 'p1', credentialId: 'cred-1', userId: user.id, createdAt: start }),
    )
    await storage.createPasskey(
      buildPasskey({ id: 'p2', credentialId: 'cred-2', userId: user.id, createdAt: start }),
    )
    expect(await keysUnder(admin, prefix)).toEqual(
      [
        `${prefix}user:${user.id}`,
        `${prefix}users`,
        `${prefix}email:${user.emailKey}`,
        `${prefix}totp:${user.id}`,
        `${prefix}backup-codes:${user.id}`,
        `${prefix}passkey:p1`,
        `${prefix}passkey:p2`,
        `${prefix}passkey-credential:cred-1`,
        `${prefix}passkey-credential:cred-2`,
        `${prefix}user-passkeys:${user.id}`,
      ].sort(),
    )
    expect(await admin.type(`${prefix}totp:${user.id}`)).toBe('hash')
    expect((await admin.smembers(`${prefix}backup-codes:${user.id}`)).sort()).toEqual(['c1', 'c2'])
    expect(await admin.get(`${prefix}passkey-credential:cred-2`)).toBe('p2')
    expect((await admin.smembers(`${prefix}user-passkeys:${user.id}`)).sort()).toEqual(['p1', 'p2'])
    for (const key of await keysUnder(admin, prefix)) expect(await admin.pexpiretime(key)).toBe(-1)

    expect(await storage.deleteUserPasskey(user.id, 'p1')).toBe(true)
    expect(await admin.exists(`${prefix}passkey:p1`, `${prefix}passkey-credential:cred-1`)).toBe(0)
    expect(await admin.smembers(`${prefix}user-passkeys:${user.id}`)).toEqual(['p2'])
    await storage.replaceBackupCodes(user.id, [])
    expect(await admin.exists(`${prefix}backup-codes:${user.id}`)).toBe(0)
    expect(await storage.deleteUser(user.id)).toBe(true)
    expect(await keysUnder(admin, prefix)).toEqual([])
  })

  it('TOTP steps are stored in decimal and compared exactly up to 2^53 - 1', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const user = buildUser({ createdAt: clock.now() })
    const max = Number.MAX_SAFE_INTEGER
    const factor = buildTotpFactor({
      userId: user.id,
      enabled: true,
      lastUsedStep: max - 2,
      createdAt: clock.now(),
    })
    await storage.putTotpFactor(factor)
    expect(await admin.hget(`${prefix}totp:${user.id}`, 'lastUsedStep')).toBe('9007199254740989')
    expect(await storage.acceptTotpStep(user.id, factor.sealedSecret, max - 2)).toBe(false)
    expect(await storage.acceptTotpStep(user.id, factor.sealedSecret, max - 1)).toBe(true)
    expect(await storage.acceptTotpStep(user.id, factor.sealedSecret, max - 1)).toBe(false)
    expect(await admin.hget(`${prefix}totp:${user.id}`, 'lastUsedStep')).toBe('9007199254740990')
    expect(await storage.acceptTotpStep(user.id, factor.sealedSecret, max)).toBe(true)
    expect((await storage.getTotpFactor(user.id))?.lastUsedStep).toBe(max)
    await expect(storage.acceptTotpStep(user.id, factor.sealedSecret, 2 ** 53)).rejects.toBeInstanceOf(
      RangeError,
    )
  })

  it('a token bound to no user: no userId field, in no user set, evicted at expiresAt', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const start = clock.now()
    const token = buildToken({ userId: null, purpose: 'passkey_login', tokenHash: 'ab', createdAt: start })
    await storage.createToken(token)
    expect(await keysUnder(admin, prefix)).toEqual([`${prefix}token:passkey_login:ab`])
    expect(await admin.hexists(`${prefix}token:passkey_login:ab`, 'userId')).toBe(0)
    expect(await admin.pexpiretime(`${prefix}token:passkey_login:ab`)).toBe(token.expiresAt.getTime())
    // Replacing a user's token of the same purpose and hash with an unbound one leaves the user's set.
    const user = buildUser({ createdAt: start })
    await storage.createToken({ ...token, userId: user.id })
    expect(await admin.smembers(`${prefix}user-tokens:${user.id}`)).toEqual(['passkey_login:ab'])
    await storage.createToken(token)
    expect(await admin.smembers(`${prefix}user-tokens:${user.id}`)).toEqual([])
    expect(await storage.consumeToken('passkey_login', 'ab', start)).toEqual(token)
    expect(await keysUnder(admin, prefix)).toEqual([])
  })

  it('listUsers with an emailPrefix walks the ids past one batch (256) and applies the limit after filtering', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const users = Array.from({ length: 700 }, (_, i) =>
      buildUser({
        email: i % 100 === 99 ? `team-${i}@example.com` : `other-${i}@example.com`,
        createdAt: clock.now(),
      }),
    )
    await Promise.all(users.map((user) => storage.createUser(user)))
    const matching = users
      .filter((user) => user.emailKey.startsWith('team-'))
      .map((user) => user.id)
      .sort()
    expect(matching).toHaveLength(7)
    const all = await storage.listUsers({ limit: 100, emailPrefix: 'team-' })
    expect(all.map((user) => user.id)).toEqual(matching)
    const first = await storage.listUsers({ limit: 3, emailPrefix: 'team-' })
    expect(first.map((user) => user.id)).toEqual(matching.slice(0, 3))
    const rest = await storage.listUsers({ limit: 3, emailPrefix: 'team-', cursor: first[2]!.id })
    expect(rest.map((user) => user.id)).toEqual(matching.slice(3, 6))
    expect(await storage.listUsers({ limit: 10, emailPrefix: 'team-', cursor: matching[6] })).toEqual([])
    expect(await storage.listUsers({ limit: Number.POSITIVE_INFINITY, emailPrefix: 'team-' })).toHaveLength(7)
  })

  it('a record whose deadline has passed by the real clock is evicted by Redis at once', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const past = new Date(Date.now() - 60_000)
    const user = buildUser({ createdAt: past })
    await storage.createUser(user)
    const session = buildSession({ userId: user.id, createdAt: past, expiresAt: addSeconds(past, 1) })
    await storage.createSession(session)
    expect(await admin.exists(`${prefix}session:${session.id}`)).toBe(0)
    expect(await storage.listUserSessions(user.id, new Date(0))).toEqual([])
  })

  it('keeps a purpose containing ":" or "%" apart from the hash that follows it', async () => {
    const storage = createRedisStorage(admin, { prefix })
    const user = buildUser({ createdAt: clock.now() })
    const first = buildToken({ userId: user.id, purpose: 'a:b', tokenHash: 'c', createdAt: clock.now() })
    const second = buildToken({ userId: user.id, purpose: 'a', tokenHash: 'b:c', createdAt: clock.now() })
    const third = buildToken({ userId: user.id, purpose: 'a%3Ab', tokenHash: 'c', createdAt: clock.now() })
    for (const token of [first, second, third]) await storage.createToken(token)
    const now = clock.now()
    expect(await storage.consumeToken('a:b', 'c', now)).toEqual(first)
    expect(await storage.consumeToken('a', 'b:c', now)).toEqual(second)
    expect(await storage.consumeToken('a%3Ab', 'c', now)).toEqual(third)
  })

  it('two prefixes on one database share nothing', async () => {
    const mine = createRedisStorage(admin, { prefix: `${prefix}a:` })
    const theirs = createRedisStorage(admin, { prefix: `${prefix}b:` })
    const user = buildUser({ email: 'ada@example.com', createdAt: clock.now() })
    await mine.createUser(user)
    await theirs.createUser(buildUser({ email: 'ada@example.com', createdAt: clock.now() }))
    await mine.hitRateLimit('login:ada', 60, clock.now())
    expect((await theirs.hitRateLimit('login:ada', 60, clock.now())).count).toBe(1)
    expect(await mine.listUsers({ limit: 10 })).toEqual([user])
    expect(await theirs.getUserById(user.id)).toBeNull()
  })

  it("uses 'portcullis:' when no prefix is given", async () => {
    const storage = createRedisStorage(admin)
    const key = `layout-${process.pid}-${Date.now()}`
    try {
      await storage.hitRateLimit(key, 60, clock.now())
      expect(await admin.exists(`portcullis:ratelimit:${key}`)).toBe(1)
    } finally {
      await storage.resetRateLimit(key)
    }
  })
})
