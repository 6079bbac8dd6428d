import { addSeconds, type Storage } from '@portcullis/core'
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStorage } from '../src/index.js'
import { CountingClient } from './counting-client.js'
import { connect, deleteKeysUnder, testPrefix } from './redis-fixture.js'

const url = serverUrlFromEnv('REDIS_URL')

describe.skipIf(!url)('round trips to Redis', () => {
  const prefix = testPrefix(`round_trips_${process.pid}`)
  const clock = createFakeClock()
  let client: Redis
  let counting: CountingClient
  let storage: Storage
  const user = buildUser({ username: 'ada', createdAt: clock.now() })
  const session = buildSession({ userId: user.id, createdAt: clock.now() })
  const token = buildToken({ userId: user.id, purpose: 'password_reset', createdAt: clock.now() })
  const key = buildApiKey({ userId: user.id, createdAt: clock.now() })
  const factor = buildTotpFactor({ userId: user.id, enabled: true, createdAt: clock.now() })
  const passkey = buildPasskey({ userId: user.id, createdAt: clock.now() })
  let step = 1
  /** A live refresh token, made afresh before each rotation. */
  let refresh = buildRefreshToken({ userId: user.id, createdAt: clock.now() })
  const nextRefresh = (now: Date) => buildRefreshToken({ userId: user.id, createdAt: now })

  /** Every method of the port, with arguments that find something where they can. */
  const calls: Record<keyof Storage, (s: Storage, now: Date) => Promise<unknown>> = {
    createUser: (s, now) => s.createUser(buildUser({ createdAt: now })),
    getUserById: (s) => s.getUserById(user.id),
    getUserByEmail: (s) => s.getUserByEmail(user.emailKey),
    getUserByUsername: (s) => s.getUserByUsername('ada'),
    updateUser: (s, now) => s.updateUser(user.id, { emailVerified: true, updatedAt: now }),
    replacePasswordHash: (s, now) => s.replacePasswordHash(user.id, 'not-it', 'b', now),
    deleteUser: (s) => s.deleteUser(buildUser().id),
    listUsers: (s) => s.listUsers({ limit: 10 }),
    createSession: (s, now) => s.createSession(buildSession({ userId: user.id, createdAt: now })),
    getSessionAndUser: (s, now) => s.getSessionAndUser(session.id, now),
    getSession: (s, now) => s.getSession(session.id, now),
    touchSession: (s, now) => s.touchSession(session.id, now, addSeconds(now, 600)),
    listUserSessions: (s, now) => s.listUserSessions(user.id, now),
    deleteUserSession: (s) => s.deleteUserSession(user.id, 'no-such-session'),
    deleteSession: (s) => s.deleteSession('no-such-session'),
    deleteUserSessions: (s) => s.deleteUserSessions(buildUser().id),
    createToken: (s, now) => s.createToken(buildToken({ userId: user.id, createdAt: now })),
    consumeToken: (s, now) => s.consumeToken(token.purpose, token.tokenHash, now),
    deleteUserTokens: (s) => s.deleteUserTokens(buildUser().id),
    hitRateLimit: (s, now) => s.hitRateLimit('login:ada', 60, now),
    resetRateLimit: (s) => s.resetRateLimit('login:nobody'),
    createRefreshToken: (s, now) => s.createRefreshToken(nextRefresh(now)),
    rotateRefreshToken: (s, now) => s.rotateRefreshToken(refresh.tokenHash, nextRefresh(now), now),
    getRefreshToken: (s, now) => s.getRefreshToken(refresh.tokenHash, now),
    deleteRefreshTokenFamily: (s) => s.deleteRefreshTokenFamily('no-such-family'),
    deleteUserRefreshTokens: (s) => s.deleteUserRefreshTokens(buildUser().id),
    createApiKey: (s, now) => s.createApiKey(buildApiKey({ userId: user.id, createdAt: now })),
    getApiKeyAndUser: (s, now) => s.getApiKeyAndUser(key.keyHash, now),
    listUserApiKeys: (s, now) => s.listUserApiKeys(user.id, now),
    deleteUserApiKey: (s) => s.deleteUserApiKey(user.id, 'no-such-key'),
    deleteUserApiKeys: (s) => s.deleteUserApiKeys(buildUser().id),
    touchApiKey: (s, now) => s.touchApiKey(key.id, now),
    putTotpFactor: (s, now) => s.putTotpFactor(buildTotpFactor({ userId: buildUser().id, createdAt: now })),
    getTotpFactor: (s) => s.getTotpFactor(user.id),
    acceptTotpStep: (s) => s.acceptTotpStep(user.id, factor.sealedSecret, step++),
    deleteTotpFactor: (s) => s.deleteTotpFactor(buildUser().id),
    replaceBackupCodes: (s) => s.replaceBackupCodes(user.id, ['a'.repeat(64), 'b'.repeat(64)]),
    consumeBackupCode: (s) => s.consumeBackupCode(user.id, 'a'.repeat(64)),
    countBackupCodes: (s) => s.countBackupCodes(user.id),
    getSecondFactors: (s) => s.getSecondFactors(user.id),
    createPasskey: (s, now) => s.createPasskey(buildPasskey({ userId: user.id, createdAt: now })),
    getPasskeyAndUser: (s) => s.getPasskeyAndUser(passkey.credentialId),
    listUserPasskeys: (s) => s.listUserPasskeys(user.id),
    deleteUserPasskey: (s) => s.deleteUserPasskey(user.id, 'no-such-passkey'),
    recordPasskeyUse: (s, now) => s.recordPasskeyUse(passkey.id, 0, 0, now),
  }

  beforeAll(async () => {
    client = connect(url!)
    counting = new CountingClient(client)
    storage = createRedisStorage(counting, { prefix })
    await storage.createUser(structuredClone(user))
    await storage.createSession(structuredClone(session))
    await storage.createApiKey(structuredClone(key))
    await storage.putTotpFactor(structuredClone(factor))
    await storage.createPasskey(structuredClone(passkey))
    // Once each, so that the server has every script cached, as it does in a running app.
    for (const call of Object.values(calls)) await call(storage, clock.now())
  })
  afterAll(async () => {
    await deleteKeysUnder(client, prefix)
    client.disconnect()
  })

  for (const [method, call] of Object.entries(calls)) {
    it(`${method} sends exactly one command`, async () => {
      if (method === 'consumeToken') await storage.createToken(structuredClone(token))
      if (method === 'rotateRefreshToken') {
        refresh = nextRefresh(clock.now())
        await storage.createRefreshToken(structuredClone(refresh))
      }
      counting.reset()
      await call(storage, clock.now())
      expect(counting.sent).toEqual(['EVALSHA'])
    })
  }

  it('the server sees exactly one command from the client for getSessionAndUser, consumeToken, hitRateLimit, rotateRefreshToken, getApiKeyAndUser, getPasskeyAndUser, acceptTotpStep (MONITOR)', async () => {
    await storage.createToken(structuredClone(token))
    refresh = nextRefresh(clock.now())
    await storage.createRefreshToken(structuredClone(refresh))
    const monitor = await client.duplicate().monitor()
    const seen: string[][] = []
    const sentinel = `sentinel-${process.pid}-${Date.now()}`
    let sawSentinel: () => void = () => {}
    const sentinelSeen = new Promise<void>((resolve) => {
      sawSentinel = resolve
    })
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args.includes(sentinel)) sawSentinel()
      else if (!source.includes('lua') && args.some((arg) => arg.startsWith(prefix))) seen.push(args)
    })
    try {
      const now = clock.now()
      const found = await storage.getSessionAndUser(session.id, now)
      expect(found?.user.id).toBe(user.id)
      expect(await storage.consumeToken(token.purpose, token.tokenHash, now)).toEqual(token)
      expect((await storage.hitRateLimit('login:monitor', 60, now)).count).toBe(1)
      expect((await storage.rotateRefreshToken(refresh.tokenHash, nextRefresh(now), now)).status).toBe(
        'rotated',
      )
      expect((await storage.getApiKeyAndUser(key.keyHash, now))?.user.id).toBe(user.id)
      expect((await storage.getPasskeyAndUser(passkey.credentialId))?.user.id).toBe(user.id)
      expect(await storage.acceptTotpStep(user.id, factor.sealedSecret, step++)).toBe(true)
      await client.echo(sentinel)
      await sentinelSeen
      expect(seen.map((args) => args[0]?.toUpperCase())).toEqual(Array(7).fill('EVALSHA'))
    } finally {
      monitor.disconnect()
    }
  })
})
