import { describe, expect, it } from 'vitest'
import { hashToken } from '../../crypto/hash.js'
import type { UserPatch } from '../../storage/types.js'
import { buildPasskey, buildTotpFactor, buildUser } from '../record-builders.js'
import { expectUniqueConstraint, type Harness } from './harness.js'

/**
 * Declares the {@link import('../../storage/types.js').UserStore} cases.
 *
 * @param h - the suite's harness
 */
export function describeUserStore(h: Harness): void {
  describe('UserStore', () => {
    it('the factory gives each test a fresh, empty store', async () => {
      expect(await h.storage.listUsers({ limit: 10 })).toEqual([])
    })

    describe('createUser and lookups', () => {
      it('getUserById returns the created user, equal to what was given', async () => {
        const user = await h.user({ username: 'Ada' })
        expect(await h.storage.getUserById(user.id)).toEqual(user)
      })

      it('getUserByEmail finds the user by its emailKey', async () => {
        const user = await h.user({ email: 'Ada@example.com' })
        expect(await h.storage.getUserByEmail('ada@example.com')).toEqual(user)
      })

      it('getUserByUsername finds the user by its usernameKey', async () => {
        const user = await h.user({ username: 'Ada_L' })
        expect(await h.storage.getUserByUsername('ada_l')).toEqual(user)
      })

      it('lookups of an unknown id, email key or username key return null', async () => {
        await h.user({ email: 'ada@example.com', username: 'ada' })
        expect(await h.storage.getUserById(buildUser().id)).toBeNull()
        expect(await h.storage.getUserByEmail('grace@example.com')).toBeNull()
        expect(await h.storage.getUserByUsername('grace')).toBeNull()
      })

      it('many users without a username coexist (a null usernameKey is not a unique value)', async () => {
        await h.user({ username: null })
        await h.user({ username: null })
        expect(await h.storage.listUsers({ limit: 10 })).toHaveLength(2)
      })
    })

    describe('unique keys', () => {
      it("createUser with a taken emailKey rejects with UniqueConstraintError('email') and writes nothing", async () => {
        const ada = await h.user({ email: 'ada@example.com', username: 'ada' })
        const clash = buildUser({ email: 'ADA@example.com', emailKey: 'ada@example.com', username: 'other' })
        await expectUniqueConstraint(h.storage.createUser(clash), 'email')
        expect(await h.storage.getUserById(clash.id)).toBeNull()
        expect(await h.storage.getUserByUsername('other')).toBeNull()
        expect(await h.storage.getUserByEmail('ada@example.com')).toEqual(ada)
        expect(await h.storage.listUsers({ limit: 10 })).toEqual([ada])
      })

      it("createUser with a taken usernameKey rejects with UniqueConstraintError('username') and writes nothing", async () => {
        const ada = await h.user({ email: 'ada@example.com', username: 'ada' })
        const clash = buildUser({ email: 'grace@example.com', username: 'ADA', usernameKey: 'ada' })
        await expectUniqueConstraint(h.storage.createUser(clash), 'username')
        expect(await h.storage.getUserById(clash.id)).toBeNull()
        expect(await h.storage.getUserByEmail('grace@example.com')).toBeNull()
        expect(await h.storage.getUserByUsername('ada')).toEqual(ada)
        expect(await h.storage.listUsers({ limit: 10 })).toEqual([ada])
      })

      it("createUser with both keys taken (by two users) names 'email'", async () => {
        await h.user({ email: 'ada@example.com', username: 'ada' })
        await h.user({ email: 'grace@example.com', username: 'grace' })
        const clash = buildUser({
          email: 'ada@example.com',
          emailKey: 'ada@example.com',
          username: 'grace',
          usernameKey: 'grace',
        })
        await expectUniqueConstraint(h.storage.createUser(clash), 'email')
        expect(await h.storage.getUserById(clash.id)).toBeNull()
      })

      it("updateUser to both taken keys (of two other users) names 'email' and changes nothing", async () => {
        await h.user({ email: 'grace@example.com', username: 'grace' })
        await h.user({ email: 'alan@example.com', username: 'alan' })
        const ada = await h.user({ email: 'ada@example.com', username: 'ada' })
        const patch: UserPatch = {
          email: 'grace@example.com',
          emailKey: 'grace@example.com',
          username: 'alan',
          usernameKey: 'alan',
          updatedAt: h.clock.advanceSeconds(1),
        }
        await expectUniqueConstraint(h.storage.updateUser(ada.id, patch), 'email')
        expect(await h.storage.getUserById(ada.id)).toEqual(ada)
      })
    })

    describeUpdateUser(h)
    describeReplacePasswordHash(h)
    describeDeleteUser(h)
    describeListUsers(h)
  })
}

function describeUpdateUser(h: Harness): void {
  describe('updateUser', () => {
    it('applies the patch, leaves absent keys alone and returns the updated user', async () => {
      const user = await h.user({ username: 'ada', roles: ['user'], fields: { plan: 'free' } })
      const now = h.clock.advanceSeconds(60)
      const patch: UserPatch = {
        emailVerified: true,
        isActive: false,
        roles: ['user', 'admin'],
        lastLoginAt: now,
        updatedAt: now,
      }
      const expected = { ...user, ...patch }
      expect(await h.storage.updateUser(user.id, patch)).toEqual(expected)
      expect(await h.storage.getUserById(user.id)).toEqual(expected)
    })

    it('treats a key whose value is undefined as absent', async () => {
      const user = await h.user({ username: 'ada' })
      const now = h.clock.advanceSeconds(1)
      const updated = await h.storage.updateUser(user.id, {
        email: undefined,
        emailKey: undefined,
        username: undefined,
        usernameKey: undefined,
        passwordHash: undefined,
        fields: undefined,
        updatedAt: now,
      })
      expect(updated).toEqual({ ...user, updatedAt: now })
    })

    it('replaces fields and roles as whole values (no merge)', async () => {
      const user = await h.user({ roles: ['a', 'b'], fields: { plan: 'free', prefs: { theme: 'dark' } } })
      const now = h.clock.now()
      const updated = await h.storage.updateUser(user.id, {
        roles: ['c'],
        fields: { prefs: { lang: 'fr' } },
        updatedAt: now,
      })
      expect(updated?.roles).toEqual(['c'])
      expect(updated?.fields).toEqual({ prefs: { lang: 'fr' } })
      expect((await h.storage.getUserById(user.id))?.fields).toEqual({ prefs: { lang: 'fr' } })
    })

    it('moves the email key: the new key finds the user and the old key is free again', async () => {
      const user = await h.user({ email: 'ada@example.com' })
      const now = h.clock.now()
      await h.storage.updateUser(user.id, {
        email: 'Ada@New.example',
        emailKey: 'ada@new.example',
        updatedAt: now,
      })
      expect((await h.storage.getUserByEmail('ada@new.example'))?.id).toBe(user.id)
      expect(await h.storage.getUserByEmail('ada@example.com')).toBeNull()
      await expect(h.user({ email: 'ada@example.com' })).resolves.toBeDefined()
    })

    it('clears the username with null and frees its key', async () => {
      const user = await h.user({ username: 'ada' })
      const now = h.clock.now()
      const updated = await h.storage.updateUser(user.id, {
        username: null,
        usernameKey: null,
        updatedAt: now,
      })
      expect(updated).toEqual({ ...user, username: null, usernameKey: null, updatedAt: now })
      expect(await h.storage.getUserByUsername('ada')).toBeNull()
      await expect(h.user({ username: 'ada' })).resolves.toBeDefined()
    })

    it('setting a username moves the username key', async () => {
      const user = await h.user({ username: 'ada' })
      const now = h.clock.now()
      await h.storage.updateUser(user.id, { username: 'Countess', usernameKey: 'countess', updatedAt: now })
      expect((await h.storage.getUserByUsername('countess'))?.username).toBe('Countess')
      expect(await h.storage.getUserByUsername('ada')).toBeNull()
    })

    it('writing back its own email and username keys is not a clash', async () => {
      const user = await h.user({ email: 'ada@example.com', username: 'ada' })
      const now = h.clock.now()
      const updated = await h.storage.updateUser(user.id, {
        email: 'ADA@example.com',
        emailKey: 'ada@example.com',
        username: 'Ada',
        usernameKey: 'ada',
        updatedAt: now,
      })
      expect(updated).toEqual({ ...user, email: 'ADA@example.com', username: 'Ada', updatedAt: now })
    })

    it("a clash on emailKey rejects with UniqueConstraintError('email') and leaves the user unchanged", async () => {
      await h.user({ email: 'grace@example.com', username: 'grace' })
      const ada = await h.user({ email: 'ada@example.com', username: 'ada' })
      const now = h.clock.advanceSeconds(60)
      const patch: UserPatch = {
        email: 'grace@example.com',
        emailKey: 'grace@example.com',
        username: 'ada2',
        usernameKey: 'ada2',
        roles: ['admin'],
        updatedAt: now,
      }
      await expectUniqueConstraint(h.storage.updateUser(ada.id, patch), 'email')
      expect(await h.storage.getUserById(ada.id)).toEqual(ada)
      expect(await h.storage.getUserByUsername('ada2')).toBeNull()
      expect(await h.storage.getUserByEmail('ada@example.com')).toEqual(ada)
    })

    it("a clash on usernameKey rejects with UniqueConstraintError('username') and leaves the user unchanged", async () => {
      await h.user({ email: 'grace@example.com', username: 'grace' })
      const ada = await h.user({ email: 'ada@example.com', username: 'ada' })
      const now = h.clock.advanceSeconds(60)
      const patch: UserPatch = {
        email: 'ada@new.example',
        emailKey: 'ada@new.example',
        username: 'Grace',
        usernameKey: 'grace',
        emailVerified: true,
        updatedAt: now,
      }
      await expectUniqueConstraint(h.storage.updateUser(ada.id, patch), 'username')
      expect(await h.storage.getUserById(ada.id)).toEqual(ada)
      expect(await h.storage.getUserByEmail('ada@new.example')).toBeNull()
      expect(await h.storage.getUserByUsername('ada')).toEqual(ada)
    })

    it('returns null for an unknown id and creates nothing', async () => {
      const ghost = buildUser()
      const now = h.clock.now()
      expect(
        await h.storage.updateUser(ghost.id, {
          email: ghost.email,
          emailKey: ghost.emailKey,
          updatedAt: now,
        }),
      ).toBeNull()
      expect(await h.storage.getUserById(ghost.id)).toBeNull()
      expect(await h.storage.getUserByEmail(ghost.emailKey)).toBeNull()
    })
  })
}

function describeReplacePasswordHash(h: Harness): void {
  describe('replacePasswordHash (compare-and-set)', () => {
    it('writes the new hash and updatedAt and returns true when the current hash matches', async () => {
      const user = await h.user({ passwordHash: '$scrypt$old' })
      const now = h.clock.advanceSeconds(60)
      expect(await h.storage.replacePasswordHash(user.id, '$scrypt$old', '$argon2id$new', now)).toBe(true)
      expect(await h.storage.getUserById(user.id)).toEqual({
        ...user,
        passwordHash: '$argon2id$new',
        updatedAt: now,
      })
    })

    it('returns false and writes nothing when the current hash differs (changed meanwhile)', async () => {
      const user = await h.user({ passwordHash: '$argon2id$changed-meanwhile' })
      const now = h.clock.advanceSeconds(60)
      expect(await h.storage.replacePasswordHash(user.id, '$scrypt$old', '$argon2id$rehash', now)).toBe(false)
      expect(await h.storage.getUserById(user.id)).toEqual(user)
    })

    it('returns false for a user without a password', async () => {
      const user = await h.user({ passwordHash: null })
      expect(
        await h.storage.replacePasswordHash(user.id, '$scrypt$old', '$argon2id$new', h.clock.now()),
      ).toBe(false)
      expect(await h.storage.getUserById(user.id)).toEqual(user)
    })

    it('returns false for an unknown id', async () => {
      expect(await h.storage.replacePasswordHash(buildUser().id, 'a', 'b', h.clock.now())).toBe(false)
    })
  })
}

function describeDeleteUser(h: Harness): void {
  describe('deleteUser', () => {
    it('removes the user and returns true; a second delete returns false', async () => {
      const user = await h.user({ username: 'ada' })
      expect(await h.storage.deleteUser(user.id)).toBe(true)
      expect(await h.storage.getUserById(user.id)).toBeNull()
      expect(await h.storage.getUserByEmail(user.emailKey)).toBeNull()
      expect(await h.storage.getUserByUsername('ada')).toBeNull()
      expect(await h.storage.deleteUser(user.id)).toBe(false)
    })

    it("cascades to the user's sessions and tokens, and leaves other users' alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const adaSession = await h.session(ada.id)
      const adaToken = await h.token(ada.id, { purpose: 'password_reset' })
      const graceSession = await h.session(grace.id)
      const graceToken = await h.token(grace.id, { purpose: 'password_reset' })
      const now = h.clock.now()

      await h.storage.deleteUser(ada.id)

      expect(await h.storage.getSessionAndUser(adaSession.id, now)).toBeNull()
      expect(await h.storage.listUserSessions(ada.id, now)).toEqual([])
      expect(await h.storage.consumeToken('password_reset', adaToken.tokenHash, now)).toBeNull()
      expect(await h.storage.getSessionAndUser(graceSession.id, now)).toEqual({
        session: graceSession,
        user: grace,
      })
      expect(await h.storage.consumeToken('password_reset', graceToken.tokenHash, now)).toEqual(graceToken)
    })

    it("cascades to the user's TOTP factor, backup codes and passkeys, and leaves other users' alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      await h.storage.putTotpFactor(buildTotpFactor({ userId: ada.id, createdAt: h.clock.now() }))
      await h.storage.replaceBackupCodes(ada.id, [hashToken('ada-code')])
      const adaPasskey = buildPasskey({ userId: ada.id, createdAt: h.clock.now() })
      await h.storage.createPasskey(adaPasskey)
      const graceFactor = buildTotpFactor({ userId: grace.id, createdAt: h.clock.now() })
      await h.storage.putTotpFactor(graceFactor)
      await h.storage.replaceBackupCodes(grace.id, [hashToken('grace-code')])
      const gracePasskey = buildPasskey({ userId: grace.id, createdAt: h.clock.now() })
      await h.storage.createPasskey(gracePasskey)

      await h.storage.deleteUser(ada.id)

      expect(await h.storage.getTotpFactor(ada.id)).toBeNull()
      expect(await h.storage.countBackupCodes(ada.id)).toBe(0)
      expect(await h.storage.getPasskeyAndUser(adaPasskey.credentialId)).toBeNull()
      expect(await h.storage.listUserPasskeys(ada.id)).toEqual([])
      expect(await h.storage.getTotpFactor(grace.id)).toEqual(graceFactor)
      expect(await h.storage.countBackupCodes(grace.id)).toBe(1)
      expect(await h.storage.getPasskeyAndUser(gracePasskey.credentialId)).toEqual({
        passkey: gracePasskey,
        user: grace,
      })
      // The credential id is free again: another user may register it.
      const again = buildPasskey({ userId: grace.id, credentialId: adaPasskey.credentialId })
      await h.storage.createPasskey(again)
      expect((await h.storage.getPasskeyAndUser(again.credentialId))?.passkey).toEqual(again)
    })

    it('frees the email and username keys for a new user', async () => {
      const ada = await h.user({ email: 'ada@example.com', username: 'ada' })
      await h.storage.deleteUser(ada.id)
      const again = await h.user({ email: 'ada@example.com', username: 'ada' })
      expect((await h.storage.getUserByEmail('ada@example.com'))?.id).toBe(again.id)
      expect((await h.storage.getUserByUsername('ada'))?.id).toBe(again.id)
    })
  })
}

function describeListUsers(h: Harness): void {
  describe('listUsers', () => {
    const createShuffled = async (count: number): Promise<string[]> => {
      const users = Array.from({ length: count }, (_, i) =>
        buildUser({ createdAt: new Date(h.clock.now().getTime() + i * 1000) }),
      )
      for (const user of [...users].reverse()) await h.storage.createUser(user)
      return users.map((u) => u.id).sort()
    }

    it('returns users in ascending id order, at most limit of them', async () => {
      const ids = await createShuffled(5)
      expect((await h.storage.listUsers({ limit: 10 })).map((u) => u.id)).toEqual(ids)
      expect((await h.storage.listUsers({ limit: 2 })).map((u) => u.id)).toEqual(ids.slice(0, 2))
    })

    it('pages after the cursor (an id) without gaps or repeats, then returns []', async () => {
      const ids = await createShuffled(5)
      const seen: string[] = []
      let cursor: string | undefined
      for (let page = 0; page < 3; page++) {
        const users = await h.storage.listUsers({ limit: 2, ...(cursor === undefined ? {} : { cursor }) })
        seen.push(...users.map((u) => u.id))
        cursor = users.at(-1)?.id
      }
      expect(seen).toEqual(ids)
      expect(await h.storage.listUsers({ limit: 2, cursor: ids.at(-1)! })).toEqual([])
    })

    it('continues after a cursor whose user was deleted meanwhile', async () => {
      const ids = await createShuffled(4)
      await h.storage.deleteUser(ids[1]!)
      expect((await h.storage.listUsers({ limit: 10, cursor: ids[1]! })).map((u) => u.id)).toEqual(
        ids.slice(2),
      )
    })

    it('emailPrefix keeps the users whose emailKey starts with it, in id order', async () => {
      const ada = await h.user({ email: 'ada@example.com' })
      const adam = await h.user({ email: 'Adam@Example.org', emailKey: 'adam@example.org' })
      await h.user({ email: 'grace@example.com' })
      await h.user({ email: 'bada@example.com' })
      const expected = [ada, adam].sort((a, b) => (a.id < b.id ? -1 : 1))
      expect(await h.storage.listUsers({ limit: 10, emailPrefix: 'ada' })).toEqual(expected)
      expect(await h.storage.listUsers({ limit: 10, emailPrefix: 'adam@' })).toEqual([adam])
      expect(await h.storage.listUsers({ limit: 10, emailPrefix: 'zed' })).toEqual([])
      expect(await h.storage.listUsers({ limit: 10, emailPrefix: 'ada@example.com' })).toEqual([ada])
    })

    it('emailPrefix pages with the cursor like an unfiltered list', async () => {
      const matching: string[] = []
      for (let i = 0; i < 5; i++) {
        matching.push((await h.user({ email: `team-${i}@example.com` })).id)
        await h.user({ email: `other-${i}@example.com` })
      }
      matching.sort()
      const first = await h.storage.listUsers({ limit: 2, emailPrefix: 'team-' })
      expect(first.map((u) => u.id)).toEqual(matching.slice(0, 2))
      const rest = await h.storage.listUsers({ limit: 10, emailPrefix: 'team-', cursor: first[1]!.id })
      expect(rest.map((u) => u.id)).toEqual(matching.slice(2))
    })

    it('emailPrefix is literal: % _ * ? [ and backslash match only themselves', async () => {
      const percent = await h.user({ email: '100%ada@example.com' })
      const underscore = await h.user({ email: 'a_b@example.com' })
      const star = await h.user({ email: 'a*b@example.com' })
      const question = await h.user({ email: 'a?b@example.com' })
      const bracket = await h.user({ email: 'a[b]@example.com' })
      const backslash = await h.user({ email: 'a\\b@example.com' })
      await h.user({ email: '100xada@example.com' })
      await h.user({ email: 'axb@example.com' })
      await h.user({ email: 'ab@example.com' })
      const only = async (emailPrefix: string) =>
        (await h.storage.listUsers({ limit: 20, emailPrefix })).map((u) => u.email)
      expect(await only('100%')).toEqual([percent.email])
      expect(await only('%')).toEqual([])
      expect(await only('a_')).toEqual([underscore.email])
      expect(await only('a*')).toEqual([star.email])
      expect(await only('a?')).toEqual([question.email])
      expect(await only('a[')).toEqual([bracket.email])
      expect(await only('a\\')).toEqual([backslash.email])
      expect(await only('*')).toEqual([])
    })
  })
}
