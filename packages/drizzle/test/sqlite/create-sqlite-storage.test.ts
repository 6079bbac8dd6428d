import { addSeconds, hashToken, StorageUnavailableError, UniqueConstraintError } from '@portcullis/core'
import {
  buildApiKey,
  buildPasskey,
  buildRefreshToken,
  buildSession,
  buildToken,
  buildTotpFactor,
  buildUser,
  createFakeClock,
} from '@portcullis/core/testing'
import { DrizzleQueryError } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStorage } from '../../src/sqlite/create-sqlite-storage.js'
import type { DrizzleStorage } from '../../src/types.js'
import { type D1Fixture, d1Database } from '../helpers/d1.js'
import { type SqliteFixture, sqliteDatabase } from '../helpers/sqlite.js'

describe('createSqliteStorage on libsql', () => {
  let fixture: SqliteFixture | undefined
  afterEach(() => {
    fixture?.close()
    fixture = undefined
  })
  const open = async (): Promise<{ db: SqliteFixture; storage: DrizzleStorage; now: Date }> => {
    fixture = await sqliteDatabase()
    const clock = createFakeClock()
    return { db: fixture, storage: createSqliteStorage(fixture.db, { clock }), now: clock.now() }
  }

  describe('round trips: what the driver receives per call', () => {
    it('a session check, an API-key check, a passkey lookup, a token consume, a rate-limit hit, a TOTP step, a backup code and the second factors are one statement each; deleteUser, replaceBackupCodes and a refresh-token rotation one batch', async () => {
      const { db, storage, now } = await open()
      const user = buildUser({ createdAt: now })
      await storage.createUser(user)
      const session = buildSession({ userId: user.id, createdAt: now })
      await storage.createSession(session)
      const token = buildToken({ userId: user.id, createdAt: now })
      await storage.createToken(token)

      const count = async (call: () => Promise<unknown>): Promise<readonly string[]> => {
        db.resetCalls()
        await call()
        return [...db.calls]
      }
      expect(await count(() => storage.getSessionAndUser(session.id, now))).toEqual(['execute'])
      expect(await count(() => storage.getSession(session.id, now))).toEqual(['execute'])
      expect(await count(() => storage.consumeToken(token.purpose, token.tokenHash, now))).toEqual([
        'execute',
      ])
      expect(await count(() => storage.hitRateLimit('login:ada', 60, now))).toEqual(['execute'])
      expect(await count(() => storage.hitRateLimit('login:ada', 60, now))).toEqual(['execute'])
      expect(await count(() => storage.replacePasswordHash(user.id, 'old', 'new', now))).toEqual(['execute'])
      expect(await count(() => storage.updateUser(user.id, { isActive: false, updatedAt: now }))).toEqual([
        'execute',
      ])
      const refresh = buildRefreshToken({ userId: user.id, createdAt: now })
      await storage.createRefreshToken(refresh)
      const apiKey = buildApiKey({ userId: user.id, createdAt: now })
      await storage.createApiKey(apiKey)
      expect(await count(() => storage.getApiKeyAndUser(apiKey.keyHash, now))).toEqual(['execute'])
      expect(await count(() => storage.touchApiKey(apiKey.id, now))).toEqual(['execute'])
      expect(await count(() => storage.getRefreshToken(refresh.tokenHash, now))).toEqual(['execute'])
      const next = buildRefreshToken({ userId: user.id, createdAt: now })
      expect(await count(() => storage.rotateRefreshToken(refresh.tokenHash, next, now))).toEqual(['batch'])
      const replay = buildRefreshToken({ userId: user.id, createdAt: now })
      expect(await count(() => storage.rotateRefreshToken(refresh.tokenHash, replay, now))).toEqual(['batch'])
      const passkey = buildPasskey({ userId: user.id, createdAt: now })
      expect(await count(() => storage.createPasskey(passkey))).toEqual(['execute'])
      expect(await count(() => storage.getPasskeyAndUser(passkey.credentialId))).toEqual(['execute'])
      expect(await count(() => storage.recordPasskeyUse(passkey.id, 0, 1, now))).toEqual(['execute'])
      const factor = buildTotpFactor({ userId: user.id, enabled: true, enabledAt: now, createdAt: now })
      expect(await count(() => storage.putTotpFactor(factor))).toEqual(['execute'])
      expect(await count(() => storage.acceptTotpStep(user.id, factor.sealedSecret, 1))).toEqual(['execute'])
      const codes = [hashToken('code-1'), hashToken('code-2')]
      expect(await count(() => storage.replaceBackupCodes(user.id, codes))).toEqual(['batch'])
      expect(await count(() => storage.consumeBackupCode(user.id, hashToken('code-1')))).toEqual(['execute'])
      expect(await count(() => storage.countBackupCodes(user.id))).toEqual(['execute'])
      expect(await count(() => storage.getSecondFactors(user.id))).toEqual(['execute'])
      expect(await count(() => storage.replaceBackupCodes(user.id, []))).toEqual(['execute'])
      expect(await count(() => storage.listUsers({ limit: 10, emailPrefix: 'a' }))).toEqual(['execute'])
      expect(await count(() => storage.deleteUser(user.id))).toEqual(['batch'])
    })
  })

  describe('second factors and the email prefix', () => {
    it('replaceBackupCodes keeps a hash that is in both the old and the new list, and collapses duplicates', async () => {
      const { storage, now } = await open()
      const user = buildUser({ createdAt: now })
      await storage.createUser(user)
      const [a, b, c] = ['a', 'b', 'c'].map((code) => hashToken(code)) as [string, string, string]
      await storage.replaceBackupCodes(user.id, [a, b])
      await storage.replaceBackupCodes(user.id, [b, c, c])
      expect(await storage.countBackupCodes(user.id)).toBe(2)
      expect(await storage.consumeBackupCode(user.id, a)).toBe(false)
      expect(await storage.consumeBackupCode(user.id, b)).toBe(true)
      expect(await storage.consumeBackupCode(user.id, c)).toBe(true)
    })

    it('emailPrefix is case-sensitive (GLOB, not LIKE) and takes non-ASCII text as is', async () => {
      const { storage, now } = await open()
      const zoe = buildUser({ email: 'zoë@example.com', createdAt: now })
      await storage.createUser(zoe)
      expect(await storage.listUsers({ limit: 10, emailPrefix: 'zoë' })).toEqual([zoe])
      expect(await storage.listUsers({ limit: 10, emailPrefix: 'ZOË' })).toEqual([])
      expect(await storage.listUsers({ limit: 10, emailPrefix: 'Zo' })).toEqual([])
      expect(await storage.listUsers({ limit: 10, emailPrefix: '' })).toEqual([zoe])
      expect(await storage.listUsers({ limit: 10, emailPrefix: 'zoë]' })).toEqual([])
    })

    it('an emailPrefix search is a range scan of the email_key index', async () => {
      const { db } = await open()
      const plan = await db.client.execute({
        sql: 'EXPLAIN QUERY PLAN SELECT id FROM portcullis_users WHERE email_key GLOB ?',
        args: ['a[*]b*'],
      })
      expect(plan.rows.map((row) => String(row.detail))).toEqual([
        expect.stringMatching(
          /USING (COVERING )?INDEX portcullis_users_email_key_unique \(email_key>\? AND email_key<\?\)/,
        ),
      ])
    })

    it('a deleteUser removes the TOTP factor, backup codes and passkeys without PRAGMA foreign_keys', async () => {
      const { db, storage, now } = await open()
      await db.client.execute('PRAGMA foreign_keys = OFF')
      const user = buildUser({ createdAt: now })
      await storage.createUser(user)
      await storage.putTotpFactor(buildTotpFactor({ userId: user.id, createdAt: now }))
      await storage.replaceBackupCodes(user.id, [hashToken('code')])
      await storage.createPasskey(buildPasskey({ userId: user.id, createdAt: now }))
      expect(await storage.deleteUser(user.id)).toBe(true)
      for (const table of ['portcullis_totp_factors', 'portcullis_backup_codes', 'portcullis_passkeys'])
        expect((await db.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n).toBe(0)
    })
  })

  describe('unique keys', () => {
    it("names 'email' when a new user's email and username are both taken", async () => {
      const { storage, now } = await open()
      await storage.createUser(buildUser({ email: 'ada@example.com', username: 'ada', createdAt: now }))
      const both = buildUser({ email: 'ADA@example.com', emailKey: 'ada@example.com', username: 'Ada' })
      await expect(storage.createUser(both)).rejects.toEqual(new UniqueConstraintError('email'))
      await expect(storage.createUser(both)).rejects.toHaveProperty('field', 'email')
    })

    it("names 'email' when an update takes both another user's email and username", async () => {
      const { storage, now } = await open()
      await storage.createUser(buildUser({ email: 'ada@example.com', username: 'ada', createdAt: now }))
      const grace = buildUser({ email: 'grace@example.com', username: 'grace', createdAt: now })
      await storage.createUser(grace)
      const patch = { emailKey: 'ada@example.com', usernameKey: 'ada', updatedAt: now }
      await expect(storage.updateUser(grace.id, patch)).rejects.toHaveProperty('field', 'email')
      expect(await storage.getUserById(grace.id)).toEqual(grace)
    })
  })

  describe('values', () => {
    it('roles and fields keep awkward strings, dates keep their milliseconds', async () => {
      const { storage, now } = await open()
      const awkward = ['a,b', '"quoted"', '{braces}', 'back\\slash', 'NULL', '', ' spaced ', 'Zoë 🚀']
      const user = buildUser({
        roles: awkward,
        fields: { list: awkward, 'key with "quotes"': { '': null } },
        createdAt: new Date(now.getTime() + 999),
        lastLoginAt: new Date(Date.UTC(1970, 0, 1, 0, 0, 0, 1)),
      })
      await storage.createUser(user)
      expect(await storage.getUserById(user.id)).toEqual(user)
    })
  })

  describe('faults', () => {
    it('deleteUser whose last statement fails leaves the user, its sessions and tokens all in place', async () => {
      const { db, storage, now } = await open()
      const user = buildUser({ createdAt: now })
      await storage.createUser(user)
      const session = buildSession({ userId: user.id, createdAt: now })
      await storage.createSession(session)
      const token = buildToken({ userId: user.id, purpose: 'password_reset', createdAt: now })
      await storage.createToken(token)
      // The batch deletes sessions, then tokens, then the user: the third statement fails.
      await db.client.execute(
        "CREATE TRIGGER fail_user_delete BEFORE DELETE ON portcullis_users BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
      )

      await expect(storage.deleteUser(user.id)).rejects.toBeInstanceOf(StorageUnavailableError)

      expect(await storage.getSessionAndUser(session.id, now)).toEqual({ session, user })
      expect(await storage.consumeToken('password_reset', token.tokenHash, now)).toEqual(token)
    })

    it('a replaceBackupCodes whose insert fails leaves the old codes in place', async () => {
      const { db, storage, now } = await open()
      const user = buildUser({ createdAt: now })
      await storage.createUser(user)
      const old = [hashToken('old-1'), hashToken('old-2')]
      await storage.replaceBackupCodes(user.id, old)
      await db.client.execute(
        "CREATE TRIGGER fail_code_insert BEFORE INSERT ON portcullis_backup_codes BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
      )
      await expect(storage.replaceBackupCodes(user.id, [hashToken('new')])).rejects.toBeInstanceOf(
        StorageUnavailableError,
      )
      expect(await storage.countBackupCodes(user.id)).toBe(2)
      await db.client.execute('DROP TRIGGER fail_code_insert')
      expect(await storage.consumeBackupCode(user.id, old[0] ?? '')).toBe(true)
    })

    it('a rotation whose insert of the successor fails leaves the token live and unspent', async () => {
      const { db, storage, now } = await open()
      const user = buildUser({ createdAt: now })
      await storage.createUser(user)
      const token = buildRefreshToken({ userId: user.id, createdAt: now })
      await storage.createRefreshToken(token)
      await db.client.execute(
        "CREATE TRIGGER fail_refresh_insert BEFORE INSERT ON portcullis_refresh_tokens BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
      )
      const next = buildRefreshToken({ userId: user.id, createdAt: now })
      await expect(storage.rotateRefreshToken(token.tokenHash, next, now)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      )
      expect(await storage.getRefreshToken(token.tokenHash, now)).toEqual(token)
      await db.client.execute('DROP TRIGGER fail_refresh_insert')
      expect(await storage.rotateRefreshToken(token.tokenHash, next, now)).toEqual({
        status: 'rotated',
        previous: token,
      })
    })

    it('a failed write throws StorageUnavailableError whose cause is the driver error, without the parameters', async () => {
      const { db, storage, now } = await open()
      const user = buildUser({
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$c2VjcmV0aGFzaA',
        createdAt: now,
      })
      await db.client.execute(
        "CREATE TRIGGER fail_user_insert BEFORE INSERT ON portcullis_users BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
      )
      const error = await storage.createUser(user).then(
        () => null,
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(StorageUnavailableError)
      expect(error).toHaveProperty('message', 'portcullis/drizzle: createUser failed')
      const cause = (error as Error).cause
      expect(cause).not.toBeInstanceOf(DrizzleQueryError)
      expect(String(cause)).toContain('injected failure')
      expect(JSON.stringify(cause)).not.toContain(user.passwordHash)
      expect(String(cause)).not.toContain(user.passwordHash)
      expect(await storage.getUserById(user.id)).toBeNull()
    })
  })

  describe('purgeExpired', () => {
    it('deletes expired sessions, tokens, counters, refresh tokens and API keys in batches, until none is left, and keeps the live ones', async () => {
      const { db, storage, now } = await open()
      const user = buildUser({ createdAt: now })
      await storage.createUser(user)
      const past = addSeconds(now, -1)
      for (let i = 0; i < 3; i++)
        await storage.createSession(
          buildSession({ userId: user.id, createdAt: addSeconds(now, -100), expiresAt: now }),
        )
      for (let i = 0; i < 4; i++)
        await storage.createSession(
          buildSession({ userId: user.id, createdAt: addSeconds(now, -100), idleExpiresAt: past }),
        )
      const liveSession = buildSession({ userId: user.id, createdAt: now })
      await storage.createSession(liveSession)
      for (let i = 0; i < 5; i++)
        await storage.createToken(
          buildToken({ userId: user.id, createdAt: addSeconds(now, -100), expiresAt: now }),
        )
      const liveToken = buildToken({ userId: user.id, createdAt: now })
      await storage.createToken(liveToken)
      for (let i = 0; i < 4; i++) await storage.hitRateLimit(`old:${i}`, 10, addSeconds(now, -10))
      await storage.hitRateLimit('live', 10, now)
      const old = addSeconds(now, -100)
      for (let i = 0; i < 2; i++)
        await storage.createRefreshToken(
          buildRefreshToken({ userId: user.id, createdAt: old, familyExpiresAt: now, expiresAt: now }),
        )
      await storage.createRefreshToken(
        buildRefreshToken({ userId: user.id, createdAt: old, expiresAt: past }),
      )
      const spent = buildRefreshToken({ userId: user.id, createdAt: old, expiresAt: now })
      await storage.createRefreshToken(spent)
      const successor = buildRefreshToken({ userId: user.id, createdAt: addSeconds(now, -50) })
      await storage.rotateRefreshToken(spent.tokenHash, successor, addSeconds(now, -50))
      for (let i = 0; i < 2; i++)
        await storage.createApiKey(buildApiKey({ userId: user.id, createdAt: old, expiresAt: now }))
      const foreverKey = buildApiKey({ userId: user.id, createdAt: old, expiresAt: null })
      await storage.createApiKey(foreverKey)

      db.resetCalls()
      expect(await storage.purgeExpired({ now, batchSize: 3 })).toEqual({
        sessions: 7,
        tokens: 5,
        rateLimits: 4,
        refreshTokens: 3,
        apiKeys: 2,
      })
      // sessions 3 + 3 + 1, tokens 3 + 2, counters 3 + 1, refresh tokens 3 + 0, API keys 2:
      // one statement per batch
      expect(db.calls).toHaveLength(10)

      expect(await storage.listUserSessions(user.id, now)).toEqual([liveSession])
      expect(await storage.consumeToken(liveToken.purpose, liveToken.tokenHash, now)).toEqual(liveToken)
      expect((await storage.hitRateLimit('live', 10, now)).count).toBe(2)
      expect((await storage.getApiKeyAndUser(foreverKey.keyHash, now))?.apiKey).toEqual(foreverKey)
      // The spent token outlived its own expiry: its family still runs, so replaying it is reuse.
      expect(
        (await storage.rotateRefreshToken(spent.tokenHash, buildRefreshToken({ userId: user.id }), now))
          .status,
      ).toBe('reused')
      expect(await storage.getRefreshToken(successor.tokenHash, now)).toBeNull()
      expect(await storage.purgeExpired({ now })).toEqual({
        sessions: 0,
        tokens: 0,
        rateLimits: 0,
        refreshTokens: 0,
        apiKeys: 0,
      })
    })

    it("defaults now to the storage's clock and checks the batch size", async () => {
      const { storage, now } = await open()
      await storage.hitRateLimit('old', 10, addSeconds(now, -10))
      expect(await storage.purgeExpired()).toEqual({
        sessions: 0,
        tokens: 0,
        rateLimits: 1,
        refreshTokens: 0,
        apiKeys: 0,
      })
      await expect(storage.purgeExpired({ batchSize: 0 })).rejects.toBeInstanceOf(RangeError)
    })
  })
})

describe('createSqliteStorage on drizzle-orm/d1 (stand-in binding over libsql)', () => {
  let fixture: D1Fixture | undefined
  afterEach(() => {
    fixture?.close()
    fixture = undefined
  })

  it('rotates a refresh token in one D1 batch, stores the successor in its family, and catches the replay', async () => {
    fixture = await d1Database()
    const clock = createFakeClock()
    const now = clock.now()
    const storage = createSqliteStorage(fixture.db, { clock })
    const user = buildUser({ createdAt: now })
    await storage.createUser(user)
    const first = buildRefreshToken({ userId: user.id, createdAt: now, scopes: ['read', 'write'] })
    await storage.createRefreshToken(first)
    const next = buildRefreshToken({ userId: user.id, createdAt: now, scopes: ['read'] })

    fixture.binding.calls.length = 0
    expect(await storage.rotateRefreshToken(first.tokenHash, next, now)).toEqual({
      status: 'rotated',
      previous: first,
    })
    expect(fixture.binding.calls).toEqual(['batch'])
    expect(await storage.getRefreshToken(next.tokenHash, now)).toEqual({ ...next, familyId: first.familyId })

    fixture.binding.calls.length = 0
    const replay = buildRefreshToken({ userId: user.id, createdAt: now })
    expect(await storage.rotateRefreshToken(first.tokenHash, replay, now)).toMatchObject({ status: 'reused' })
    expect(fixture.binding.calls).toEqual(['batch'])
    expect(await storage.getRefreshToken(next.tokenHash, now)).toBeNull()
    expect(await storage.getRefreshToken(replay.tokenHash, now)).toBeNull()
  })

  it('reads the second factors in one D1 statement, the factor equal to getTotpFactor', async () => {
    fixture = await d1Database()
    const clock = createFakeClock()
    const now = clock.now()
    const storage = createSqliteStorage(fixture.db, { clock })
    const user = buildUser({ createdAt: now })
    await storage.createUser(user)
    fixture.binding.calls.length = 0
    expect(await storage.getSecondFactors(user.id)).toEqual({
      totp: null,
      passkeyCount: 0,
      backupCodeCount: 0,
    })
    expect(fixture.binding.calls).toEqual(['raw'])
    const factor = buildTotpFactor({
      userId: user.id,
      enabled: true,
      lastUsedStep: 7,
      enabledAt: now,
      createdAt: now,
    })
    await storage.putTotpFactor(factor)
    await storage.createPasskey(buildPasskey({ userId: user.id, createdAt: now }))
    await storage.replaceBackupCodes(user.id, [hashToken('a'), hashToken('b')])
    fixture.binding.calls.length = 0
    expect(await storage.getSecondFactors(user.id)).toEqual({
      totp: factor,
      passkeyCount: 1,
      backupCodeCount: 2,
    })
    expect(fixture.binding.calls).toEqual(['raw'])
    expect((await storage.getSecondFactors(user.id)).totp).toEqual(await storage.getTotpFactor(user.id))
  })

  it('reports a taken email, username and credential id as UniqueConstraintError from D1’s message-only errors', async () => {
    fixture = await d1Database()
    const storage = createSqliteStorage(fixture.db)
    const ada = buildUser({ email: 'ada@example.com', username: 'ada' })
    await storage.createUser(ada)
    await expect(
      storage.createUser(buildUser({ email: 'ADA@example.com', username: 'other' })),
    ).rejects.toMatchObject({ name: UniqueConstraintError.name, field: 'email' })
    await expect(
      storage.createUser(buildUser({ email: 'grace@example.com', username: 'ADA' })),
    ).rejects.toMatchObject({ name: UniqueConstraintError.name, field: 'username' })
    const passkey = buildPasskey({ userId: ada.id })
    await storage.createPasskey(passkey)
    await expect(
      storage.createPasskey(buildPasskey({ userId: ada.id, credentialId: passkey.credentialId })),
    ).rejects.toMatchObject({ name: UniqueConstraintError.name, field: 'credentialId' })
  })
})
