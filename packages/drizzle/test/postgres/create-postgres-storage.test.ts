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
import { createPostgresStorage } from '../../src/postgres/create-postgres-storage.js'
import type { DrizzleStorage } from '../../src/types.js'
import { type PostgresFixture, postgresBackends } from '../helpers/postgres-backends.js'

for (const backend of postgresBackends()) {
  describe.skipIf(backend.skip)(`createPostgresStorage on ${backend.name}`, () => {
    let fixture: PostgresFixture | undefined
    afterEach(async () => {
      await fixture?.drop()
      fixture = undefined
    })
    const open = async (): Promise<{ db: PostgresFixture; storage: DrizzleStorage; now: Date }> => {
      fixture = await backend.open()
      const clock = createFakeClock()
      return { db: fixture, storage: createPostgresStorage(fixture.db, { clock }), now: clock.now() }
    }

    describe('round trips: what the driver receives per call', () => {
      it('a session check, an API-key check, a passkey lookup, a token consume, a rate-limit hit, a TOTP step, a backup code, the second factors and a refresh-token rotation are one query each (replacing backup codes: one transaction)', async () => {
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
        expect(await count(() => storage.getSessionAndUser(session.id, now))).toEqual(['query'])
        expect(await count(() => storage.getSession(session.id, now))).toEqual(['query'])
        expect(await count(() => storage.consumeToken(token.purpose, token.tokenHash, now))).toEqual([
          'query',
        ])
        expect(await count(() => storage.hitRateLimit('login:ada', 60, now))).toEqual(['query'])
        expect(await count(() => storage.hitRateLimit('login:ada', 60, now))).toEqual(['query'])
        expect(await count(() => storage.replacePasswordHash(user.id, 'old', 'new', now))).toEqual(['query'])
        expect(await count(() => storage.touchSession(session.id, now, addSeconds(now, 60)))).toEqual([
          'query',
        ])
        expect(await count(() => storage.updateUser(user.id, { isActive: false, updatedAt: now }))).toEqual([
          'query',
        ])
        const refresh = buildRefreshToken({ userId: user.id, createdAt: now })
        await storage.createRefreshToken(refresh)
        const apiKey = buildApiKey({ userId: user.id, createdAt: now })
        await storage.createApiKey(apiKey)
        expect(await count(() => storage.getApiKeyAndUser(apiKey.keyHash, now))).toEqual(['query'])
        expect(await count(() => storage.touchApiKey(apiKey.id, now))).toEqual(['query'])
        expect(await count(() => storage.getRefreshToken(refresh.tokenHash, now))).toEqual(['query'])
        const next = buildRefreshToken({ userId: user.id, createdAt: now })
        expect(await count(() => storage.rotateRefreshToken(refresh.tokenHash, next, now))).toEqual(['query'])
        // Off the happy path a second statement looks for reuse (and deletes the family).
        const replay = buildRefreshToken({ userId: user.id, createdAt: now })
        expect(await count(() => storage.rotateRefreshToken(refresh.tokenHash, replay, now))).toEqual([
          'query',
          'query',
        ])
        const passkey = buildPasskey({ userId: user.id, createdAt: now })
        expect(await count(() => storage.createPasskey(passkey))).toEqual(['query'])
        expect(await count(() => storage.getPasskeyAndUser(passkey.credentialId))).toEqual(['query'])
        expect(await count(() => storage.recordPasskeyUse(passkey.id, 0, 1, now))).toEqual(['query'])
        const factor = buildTotpFactor({ userId: user.id, enabled: true, enabledAt: now, createdAt: now })
        expect(await count(() => storage.putTotpFactor(factor))).toEqual(['query'])
        expect(await count(() => storage.acceptTotpStep(user.id, factor.sealedSecret, 1))).toEqual(['query'])
        const codes = [hashToken('code-1'), hashToken('code-2')]
        // A rare operation, made exact under concurrency by locking the user's row first: one
        // transaction (PGlite's own; node-postgres checks out a client for BEGIN … COMMIT).
        expect(await count(() => storage.replaceBackupCodes(user.id, codes))).toEqual([
          backend.name === 'pglite' ? 'transaction' : 'connect',
        ])
        expect(await count(() => storage.consumeBackupCode(user.id, hashToken('code-1')))).toEqual(['query'])
        expect(await count(() => storage.countBackupCodes(user.id))).toEqual(['query'])
        expect(await count(() => storage.getSecondFactors(user.id))).toEqual(['query'])
        expect(await count(() => storage.listUsers({ limit: 10, emailPrefix: 'a' }))).toEqual(['query'])
        expect(await count(() => storage.deleteUser(user.id))).toEqual(['query'])
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

      it('emailPrefix is case-sensitive and takes non-ASCII text as is', async () => {
        const { storage, now } = await open()
        const zoe = buildUser({ email: 'zoë@example.com', createdAt: now })
        await storage.createUser(zoe)
        expect(await storage.listUsers({ limit: 10, emailPrefix: 'zoë' })).toEqual([zoe])
        expect(await storage.listUsers({ limit: 10, emailPrefix: 'ZOË' })).toEqual([])
        expect(await storage.listUsers({ limit: 10, emailPrefix: 'zoe' })).toEqual([])
        expect(await storage.listUsers({ limit: 10, emailPrefix: '' })).toEqual([zoe])
        expect(await storage.listUsers({ limit: 10, emailPrefix: '!' })).toEqual([])
      })

      it('a TOTP step is stored as bigint: steps up to 2^53 - 1 round-trip', async () => {
        const { storage, now } = await open()
        const user = buildUser({ createdAt: now })
        await storage.createUser(user)
        const factor = buildTotpFactor({ userId: user.id, enabled: true, enabledAt: now, createdAt: now })
        await storage.putTotpFactor(factor)
        expect(await storage.acceptTotpStep(user.id, factor.sealedSecret, Number.MAX_SAFE_INTEGER)).toBe(true)
        expect((await storage.getTotpFactor(user.id))?.lastUsedStep).toBe(Number.MAX_SAFE_INTEGER)
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

      it("names 'username' when only the username is taken", async () => {
        const { storage, now } = await open()
        await storage.createUser(buildUser({ username: 'ada', createdAt: now }))
        await expect(
          storage.createUser(buildUser({ username: 'ADA', usernameKey: 'ada' })),
        ).rejects.toHaveProperty('field', 'username')
      })
    })

    describe('values', () => {
      it('roles and fields keep awkward strings: commas, quotes, braces, backslashes, NULL, empty', async () => {
        const { storage, now } = await open()
        const awkward = ['a,b', '"quoted"', '{braces}', 'back\\slash', 'NULL', '', ' spaced ', 'Zoë 🚀']
        const user = buildUser({
          roles: awkward,
          fields: { list: awkward, 'key with "quotes"': { '': null } },
          createdAt: now,
        })
        await storage.createUser(user)
        expect(await storage.getUserById(user.id)).toEqual(user)
        const updated = await storage.updateUser(user.id, { roles: [...awkward].reverse(), updatedAt: now })
        expect(updated?.roles).toEqual([...awkward].reverse())
      })

      it('an id outside the usual alphabet is just a string that finds nothing', async () => {
        const { storage, now } = await open()
        expect(await storage.getUserById("x'; DROP TABLE portcullis_users; --")).toBeNull()
        expect(await storage.getSessionAndUser('%', now)).toBeNull()
        expect(await storage.listUsers({ limit: 10, cursor: '' })).toEqual([])
      })
    })

    describe('faults', () => {
      it('deleteUser whose cascade fails part-way leaves the user, its sessions and tokens all in place', async () => {
        const { db, storage, now } = await open()
        const user = buildUser({ createdAt: now })
        await storage.createUser(user)
        const session = buildSession({ userId: user.id, createdAt: now })
        await storage.createSession(session)
        const token = buildToken({ userId: user.id, purpose: 'password_reset', createdAt: now })
        await storage.createToken(token)
        await db.exec(`
          CREATE FUNCTION portcullis_test_fail() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
          CREATE TRIGGER fail_token_delete BEFORE DELETE ON portcullis_tokens
            FOR EACH ROW EXECUTE FUNCTION portcullis_test_fail();
        `)

        await expect(storage.deleteUser(user.id)).rejects.toBeInstanceOf(StorageUnavailableError)

        expect(await storage.getSessionAndUser(session.id, now)).toEqual({ session, user })
        await db.exec('DROP TRIGGER fail_token_delete ON portcullis_tokens')
        expect(await storage.consumeToken('password_reset', token.tokenHash, now)).toEqual(token)
      })

      it('a failed write throws StorageUnavailableError whose cause is the driver error, without the parameters', async () => {
        const { db, storage, now } = await open()
        const user = buildUser({
          passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$c2VjcmV0aGFzaA',
          createdAt: now,
        })
        await db.exec(`
          CREATE FUNCTION portcullis_test_fail() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
          CREATE TRIGGER fail_user_insert BEFORE INSERT OR UPDATE ON portcullis_users
            FOR EACH ROW EXECUTE FUNCTION portcullis_test_fail();
        `)

        const error = await storage.createUser(user).then(
          () => null,
          (caught: unknown) => caught,
        )
        expect(error).toBeInstanceOf(StorageUnavailableError)
        expect(error).toHaveProperty('code', 'storage_unavailable')
        expect(error).toHaveProperty('message', 'portcullis/drizzle: createUser failed')
        const cause = (error as Error).cause
        expect(cause).not.toBeInstanceOf(DrizzleQueryError)
        expect(String((cause as Error).message)).toContain('injected failure')
        expect(JSON.stringify(cause)).not.toContain(user.passwordHash)
        expect(String(cause)).not.toContain(user.passwordHash)
        await db.exec('DROP TRIGGER fail_user_insert ON portcullis_users')
        expect(await storage.getUserById(user.id)).toBeNull()
      })

      it('a rotation whose insert of the successor fails leaves the token live and unspent', async () => {
        const { db, storage, now } = await open()
        const user = buildUser({ createdAt: now })
        await storage.createUser(user)
        const token = buildRefreshToken({ userId: user.id, createdAt: now })
        await storage.createRefreshToken(token)
        await db.exec(`
          CREATE FUNCTION portcullis_test_fail() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
          CREATE TRIGGER fail_refresh_insert BEFORE INSERT ON portcullis_refresh_tokens
            FOR EACH ROW EXECUTE FUNCTION portcullis_test_fail();
        `)
        const next = buildRefreshToken({ userId: user.id, createdAt: now })
        await expect(storage.rotateRefreshToken(token.tokenHash, next, now)).rejects.toBeInstanceOf(
          StorageUnavailableError,
        )
        expect(await storage.getRefreshToken(token.tokenHash, now)).toEqual(token)
        await db.exec('DROP TRIGGER fail_refresh_insert ON portcullis_refresh_tokens')
        expect(await storage.rotateRefreshToken(token.tokenHash, next, now)).toEqual({
          status: 'rotated',
          previous: token,
        })
      })

      it('a replaceBackupCodes whose insert fails leaves the old codes in place', async () => {
        const { db, storage, now } = await open()
        const user = buildUser({ createdAt: now })
        await storage.createUser(user)
        const old = [hashToken('old-1'), hashToken('old-2')]
        await storage.replaceBackupCodes(user.id, old)
        await db.exec(`
          CREATE FUNCTION portcullis_test_fail() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
          CREATE TRIGGER fail_code_insert BEFORE INSERT ON portcullis_backup_codes
            FOR EACH ROW EXECUTE FUNCTION portcullis_test_fail();
        `)
        await expect(storage.replaceBackupCodes(user.id, [hashToken('new')])).rejects.toBeInstanceOf(
          StorageUnavailableError,
        )
        expect(await storage.countBackupCodes(user.id)).toBe(2)
        await db.exec('DROP TRIGGER fail_code_insert ON portcullis_backup_codes')
        expect(await storage.consumeBackupCode(user.id, old[0] ?? '')).toBe(true)
      })

      it('an updateUser that fails leaves the user as it was', async () => {
        const { db, storage, now } = await open()
        const user = buildUser({ roles: ['user'], createdAt: now })
        await storage.createUser(user)
        await db.exec(`
          CREATE FUNCTION portcullis_test_fail() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
          CREATE TRIGGER fail_user_update BEFORE UPDATE ON portcullis_users
            FOR EACH ROW EXECUTE FUNCTION portcullis_test_fail();
        `)
        await expect(
          storage.updateUser(user.id, { roles: ['admin'], emailKey: 'x@example.com', updatedAt: now }),
        ).rejects.toBeInstanceOf(StorageUnavailableError)
        expect(await storage.getUserById(user.id)).toEqual(user)
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
        await expect(storage.purgeExpired({ batchSize: 1.5 })).rejects.toBeInstanceOf(RangeError)
      })
    })
  })
}
