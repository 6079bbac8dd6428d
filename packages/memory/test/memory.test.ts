import {
  buildApiKey,
  buildPasskey,
  buildRefreshToken,
  buildSession,
  buildToken,
  buildTotpFactor,
  buildUser,
  createFakeClock,
  storageConformance,
} from '@portcullis/core/testing'
import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from '../src/index.js'

storageConformance('memory', () => createMemoryStorage())

const HOUR_MS = 3_600_000

/**
 * A store with one user holding two expiring and a live session, an expiring and a live token,
 * two counters, three refresh tokens that end soon (a family ending, an unspent token expiring,
 * a spent token expiring in a live family) and its live successor, an expiring and a
 * never-expiring API key.
 */
async function seeded() {
  const clock = createFakeClock()
  const storage = createMemoryStorage({ clock })
  const start = clock.now()
  const soon = new Date(start.getTime() + HOUR_MS)
  const later = new Date(start.getTime() + 24 * HOUR_MS)
  const user = buildUser({ createdAt: start })
  await storage.createUser(user)
  const expiringSession = buildSession({
    userId: user.id,
    createdAt: start,
    expiresAt: soon,
    idleExpiresAt: soon,
  })
  const idleSession = buildSession({
    userId: user.id,
    createdAt: start,
    expiresAt: later,
    idleExpiresAt: soon,
  })
  const liveSession = buildSession({
    userId: user.id,
    createdAt: start,
    expiresAt: later,
    idleExpiresAt: later,
  })
  for (const session of [expiringSession, idleSession, liveSession]) await storage.createSession(session)
  const expiringToken = buildToken({ userId: user.id, createdAt: start, expiresAt: soon })
  const liveToken = buildToken({ userId: user.id, createdAt: start, expiresAt: later })
  for (const token of [expiringToken, liveToken]) await storage.createToken(token)
  await storage.hitRateLimit('short', 60, start)
  await storage.hitRateLimit('long', 86_400, start)
  const endingFamily = buildRefreshToken({ userId: user.id, createdAt: start, familyExpiresAt: soon })
  const idleRefresh = buildRefreshToken({
    userId: user.id,
    createdAt: start,
    expiresAt: soon,
    familyExpiresAt: later,
  })
  const spentRefresh = buildRefreshToken({
    userId: user.id,
    createdAt: start,
    expiresAt: soon,
    familyExpiresAt: later,
  })
  for (const token of [endingFamily, idleRefresh, spentRefresh]) await storage.createRefreshToken(token)
  const liveRefresh = buildRefreshToken({
    userId: user.id,
    createdAt: start,
    expiresAt: later,
    familyExpiresAt: later,
  })
  await storage.rotateRefreshToken(spentRefresh.tokenHash, liveRefresh, start)
  const expiringKey = buildApiKey({ userId: user.id, createdAt: start, expiresAt: soon })
  const foreverKey = buildApiKey({ userId: user.id, createdAt: start })
  for (const key of [expiringKey, foreverKey]) await storage.createApiKey(key)
  return {
    clock,
    storage,
    user,
    soon,
    expiringSession,
    idleSession,
    liveSession,
    expiringToken,
    liveToken,
    endingFamily,
    spentRefresh,
    liveRefresh,
    expiringKey,
    foreverKey,
  }
}

describe('createMemoryStorage', () => {
  it('purgeExpired removes what expired at now (boundary included) and keeps the rest', async () => {
    const { storage, user, soon, liveSession, liveToken, foreverKey } = await seeded()
    expect(storage.purgeExpired(new Date(soon.getTime() - 1))).toEqual({
      sessions: 0,
      tokens: 0,
      rateLimits: 1,
      refreshTokens: 0,
      apiKeys: 0,
    })
    expect(storage.purgeExpired(soon)).toEqual({
      sessions: 2,
      tokens: 1,
      rateLimits: 0,
      refreshTokens: 2,
      apiKeys: 1,
    })
    expect(storage.stats()).toEqual({
      users: 1,
      sessions: 1,
      tokens: 1,
      rateLimits: 1,
      refreshTokens: 2,
      apiKeys: 1,
      totpFactors: 0,
      passkeys: 0,
    })
    expect((await storage.getSessionAndUser(liveSession.id, soon))?.session).toEqual(liveSession)
    expect(await storage.consumeToken(liveToken.purpose, liveToken.tokenHash, soon)).toEqual(liveToken)
    expect(await storage.getApiKeyAndUser(foreverKey.keyHash, soon)).toEqual({ apiKey: foreverKey, user })
  })

  it('purgeExpired keeps a spent refresh token past its own expiry until its family ends, so reuse is still caught', async () => {
    const { storage, soon, spentRefresh, liveRefresh } = await seeded()
    storage.purgeExpired(soon)
    const replay = await storage.rotateRefreshToken(
      spentRefresh.tokenHash,
      buildRefreshToken({ userId: spentRefresh.userId }),
      soon,
    )
    expect(replay.status).toBe('reused')
    expect(await storage.getRefreshToken(liveRefresh.tokenHash, soon)).toBeNull()
    expect(storage.stats().refreshTokens).toBe(0)
  })

  it("purgeExpired without an argument judges expiry by the options' clock", async () => {
    const { clock, storage, soon } = await seeded()
    expect(storage.purgeExpired()).toEqual({
      sessions: 0,
      tokens: 0,
      rateLimits: 0,
      refreshTokens: 0,
      apiKeys: 0,
    })
    clock.set(soon)
    expect(storage.purgeExpired()).toEqual({
      sessions: 2,
      tokens: 1,
      rateLimits: 1,
      refreshTokens: 2,
      apiKeys: 1,
    })
  })

  it('purgeExpired keeps the per-user indexes in step (deleteUserSessions counts only what is left)', async () => {
    const { storage, user, soon } = await seeded()
    storage.purgeExpired(soon)
    expect(await storage.deleteUserSessions(user.id)).toBe(1)
    expect(await storage.deleteUserTokens(user.id)).toBe(1)
    expect(await storage.deleteUserRefreshTokens(user.id)).toBe(2)
    expect(await storage.listUserApiKeys(user.id, soon)).toHaveLength(1)
  })

  it('reads remove the expired records they come across', async () => {
    const { storage, user, soon, expiringSession, expiringToken } = await seeded()
    expect(await storage.getSessionAndUser(expiringSession.id, soon)).toBeNull()
    expect(storage.stats().sessions).toBe(2)
    expect(await storage.listUserSessions(user.id, soon)).toHaveLength(1)
    expect(storage.stats().sessions).toBe(1)
    expect(await storage.consumeToken(expiringToken.purpose, expiringToken.tokenHash, soon)).toBeNull()
    expect(storage.stats().tokens).toBe(1)
  })

  it('reads remove the ended refresh tokens and expired API keys they come across, and keep spent tokens of live families', async () => {
    const { storage, soon, endingFamily, spentRefresh, expiringKey } = await seeded()
    expect(await storage.getRefreshToken(endingFamily.tokenHash, soon)).toBeNull()
    expect(await storage.getRefreshToken(spentRefresh.tokenHash, soon)).toBeNull()
    expect(storage.stats().refreshTokens).toBe(3)
    expect(await storage.getApiKeyAndUser(expiringKey.keyHash, soon)).toBeNull()
    expect(storage.stats().apiKeys).toBe(1)
  })

  it('deleteUser leaves no session, token, refresh token, API key, factor, passkey or index entry behind', async () => {
    const { storage, user, foreverKey } = await seeded()
    await storage.putTotpFactor(buildTotpFactor({ userId: user.id }))
    await storage.replaceBackupCodes(user.id, ['a'.repeat(64)])
    const passkey = buildPasskey({ userId: user.id })
    await storage.createPasskey(passkey)
    expect(await storage.deleteUser(user.id)).toBe(true)
    expect(storage.stats()).toEqual({
      users: 0,
      sessions: 0,
      tokens: 0,
      rateLimits: 2,
      refreshTokens: 0,
      apiKeys: 0,
      totpFactors: 0,
      passkeys: 0,
    })
    expect(await storage.countBackupCodes(user.id)).toBe(0)
    const next = buildUser()
    await storage.createUser(next)
    await expect(storage.createPasskey({ ...passkey, userId: next.id })).resolves.toBeUndefined()
    expect(await storage.deleteUserApiKey(user.id, foreverKey.id)).toBe(false)
    await expect(
      storage.createUser(buildUser({ email: user.email, emailKey: user.emailKey })),
    ).resolves.toBeUndefined()
  })

  it('two stores share nothing', async () => {
    const first = createMemoryStorage()
    const second = createMemoryStorage()
    const user = buildUser()
    await first.createUser(user)
    expect(await second.getUserById(user.id)).toBeNull()
    await expect(second.createUser(user)).resolves.toBeUndefined()
  })

  it('drops properties that are not part of the record', async () => {
    const storage = createMemoryStorage()
    const user = { ...buildUser(), password: 'plaintext must not be kept' }
    await storage.createUser(user)
    expect(await storage.getUserById(user.id)).not.toHaveProperty('password')
  })

  it('hitRateLimit rejects a window that is not a positive number', async () => {
    const storage = createMemoryStorage()
    const now = new Date()
    await expect(storage.hitRateLimit('k', 0, now)).rejects.toThrow(RangeError)
    await expect(storage.hitRateLimit('k', Number.NaN, now)).rejects.toThrow(RangeError)
    expect(storage.stats().rateLimits).toBe(0)
  })
})
