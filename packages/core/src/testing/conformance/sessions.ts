import { describe, expect, it } from 'vitest'
import { addSeconds } from '../../clock/clock.js'
import { type Harness, shiftMs } from './harness.js'

/**
 * Declares the {@link import('../../storage/types.js').SessionStore} cases. Boundary: a session
 * is expired when `now >= expiresAt` or `now >= idleExpiresAt`.
 *
 * @param h - the suite's harness
 */
export function describeSessionStore(h: Harness): void {
  describe('SessionStore', () => {
    describeGetSessionAndUser(h)
    describeGetSession(h)
    describeTouchSession(h)
    describeListUserSessions(h)
    describeDeletes(h)
  })
}

function describeGetSessionAndUser(h: Harness): void {
  describe('createSession and getSessionAndUser', () => {
    it('returns the session and its user together, equal to what was stored', async () => {
      const user = await h.user({ username: 'ada', roles: ['admin'] })
      const session = await h.session(user.id)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toEqual({ session, user })
    })

    it('returns null for an unknown session id', async () => {
      const user = await h.user()
      await h.session(user.id)
      expect(await h.storage.getSessionAndUser('no-such-session', h.clock.now())).toBeNull()
    })

    it('is live 1 ms before expiresAt and null from expiresAt on (now >= expiresAt is expired)', async () => {
      const user = await h.user()
      const expiresAt = addSeconds(h.clock.now(), 3600)
      const session = await h.session(user.id, { expiresAt, idleExpiresAt: expiresAt })
      h.clock.set(shiftMs(expiresAt, -1))
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toEqual({ session, user })
      h.clock.set(expiresAt)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toBeNull()
      h.clock.advanceSeconds(3600)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toBeNull()
    })

    it('is null from idleExpiresAt on, although expiresAt is later', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const idleExpiresAt = addSeconds(start, 600)
      const session = await h.session(user.id, { expiresAt: addSeconds(start, 86_400), idleExpiresAt })
      h.clock.set(shiftMs(idleExpiresAt, -1))
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toEqual({ session, user })
      h.clock.set(idleExpiresAt)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toBeNull()
    })

    it("reflects the user's current state (an update made after the session was created)", async () => {
      const user = await h.user()
      const session = await h.session(user.id)
      const now = h.clock.advanceSeconds(5)
      const updated = await h.storage.updateUser(user.id, { isActive: false, updatedAt: now })
      expect(await h.storage.getSessionAndUser(session.id, now)).toEqual({ session, user: updated })
    })
  })
}

function describeGetSession(h: Harness): void {
  describe('getSession', () => {
    it('returns the session alone, equal to what was stored', async () => {
      const user = await h.user()
      const session = await h.session(user.id)
      expect(await h.storage.getSession(session.id, h.clock.now())).toEqual(session)
      expect(await h.storage.getSession('no-such-session', h.clock.now())).toBeNull()
    })

    it('is null from expiresAt and from idleExpiresAt on', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const idle = await h.session(user.id, {
        expiresAt: addSeconds(start, 86_400),
        idleExpiresAt: addSeconds(start, 600),
      })
      const absolute = await h.session(user.id, {
        expiresAt: addSeconds(start, 900),
        idleExpiresAt: addSeconds(start, 900),
      })
      h.clock.set(shiftMs(addSeconds(start, 600), -1))
      expect(await h.storage.getSession(idle.id, h.clock.now())).toEqual(idle)
      h.clock.set(addSeconds(start, 600))
      expect(await h.storage.getSession(idle.id, h.clock.now())).toBeNull()
      h.clock.set(addSeconds(start, 900))
      expect(await h.storage.getSession(absolute.id, h.clock.now())).toBeNull()
    })
  })
}

function describeTouchSession(h: Harness): void {
  describe('touchSession', () => {
    it('sets lastSeenAt and idleExpiresAt and leaves every other field alone', async () => {
      const user = await h.user()
      const session = await h.session(user.id)
      const seenAt = h.clock.advanceSeconds(3600)
      const idleExpiresAt = addSeconds(seenAt, 7 * 86_400)
      await h.storage.touchSession(session.id, seenAt, idleExpiresAt)
      const found = await h.storage.getSessionAndUser(session.id, seenAt)
      expect(found?.session).toEqual({ ...session, lastSeenAt: seenAt, idleExpiresAt })
    })

    it('keeps a session alive past its old idle deadline', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const session = await h.session(user.id, {
        expiresAt: addSeconds(start, 86_400),
        idleExpiresAt: addSeconds(start, 600),
      })
      const seenAt = h.clock.advanceSeconds(300)
      await h.storage.touchSession(session.id, seenAt, addSeconds(seenAt, 600))
      h.clock.advanceSeconds(600 - 1)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).not.toBeNull()
      h.clock.advanceSeconds(1)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toBeNull()
    })

    it('resolves without creating anything for an unknown session id', async () => {
      const user = await h.user()
      const now = h.clock.now()
      await expect(
        h.storage.touchSession('no-such-session', now, addSeconds(now, 600)),
      ).resolves.toBeUndefined()
      expect(await h.storage.getSessionAndUser('no-such-session', now)).toBeNull()
      expect(await h.storage.listUserSessions(user.id, now)).toEqual([])
    })
  })
}

function describeListUserSessions(h: Harness): void {
  describe('listUserSessions', () => {
    it("lists the user's sessions newest first (by createdAt)", async () => {
      const user = await h.user()
      const start = h.clock.now()
      const middle = await h.session(user.id, { createdAt: addSeconds(start, 10) })
      const oldest = await h.session(user.id, { createdAt: start })
      const newest = await h.session(user.id, { createdAt: addSeconds(start, 20) })
      h.clock.advanceSeconds(30)
      expect(await h.storage.listUserSessions(user.id, h.clock.now())).toEqual([newest, middle, oldest])
    })

    it('leaves out sessions past expiresAt or idleExpiresAt at now, the boundary included', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const deadline = addSeconds(start, 100)
      const absolute = await h.session(user.id, {
        createdAt: start,
        expiresAt: deadline,
        idleExpiresAt: deadline,
      })
      const idle = await h.session(user.id, {
        createdAt: addSeconds(start, 1),
        expiresAt: addSeconds(start, 86_400),
        idleExpiresAt: deadline,
      })
      const live = await h.session(user.id, { createdAt: addSeconds(start, 2) })
      h.clock.set(shiftMs(deadline, -1))
      expect(await h.storage.listUserSessions(user.id, h.clock.now())).toEqual([live, idle, absolute])
      h.clock.set(deadline)
      expect(await h.storage.listUserSessions(user.id, h.clock.now())).toEqual([live])
    })

    it("leaves out other users' sessions and returns [] for a user without any", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const mine = await h.session(ada.id)
      await h.session(grace.id)
      const loner = await h.user()
      expect(await h.storage.listUserSessions(ada.id, h.clock.now())).toEqual([mine])
      expect(await h.storage.listUserSessions(loner.id, h.clock.now())).toEqual([])
    })
  })
}

function describeDeletes(h: Harness): void {
  describe('deleteUserSession', () => {
    it('deletes a session of its owner and returns true, then false', async () => {
      const user = await h.user()
      const session = await h.session(user.id)
      expect(await h.storage.deleteUserSession(user.id, session.id)).toBe(true)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toBeNull()
      expect(await h.storage.deleteUserSession(user.id, session.id)).toBe(false)
    })

    it("returns false and keeps the session when it is another user's", async () => {
      const owner = await h.user()
      const intruder = await h.user()
      const session = await h.session(owner.id)
      expect(await h.storage.deleteUserSession(intruder.id, session.id)).toBe(false)
      expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toEqual({ session, user: owner })
    })

    it('returns false for an unknown session id', async () => {
      const user = await h.user()
      expect(await h.storage.deleteUserSession(user.id, 'no-such-session')).toBe(false)
    })
  })

  describe('deleteSession', () => {
    it('deletes the session whoever owns it and leaves the others', async () => {
      const user = await h.user()
      const gone = await h.session(user.id)
      const kept = await h.session(user.id)
      await h.storage.deleteSession(gone.id)
      expect(await h.storage.getSessionAndUser(gone.id, h.clock.now())).toBeNull()
      expect(await h.storage.listUserSessions(user.id, h.clock.now())).toEqual([kept])
    })

    it('resolves for an unknown session id', async () => {
      await expect(h.storage.deleteSession('no-such-session')).resolves.toBeUndefined()
    })
  })

  describe('deleteUserSessions', () => {
    it("deletes all the user's sessions, returns how many, and leaves other users' alone", async () => {
      const ada = await h.user()
      const grace = await h.user()
      const adaSessions = [await h.session(ada.id), await h.session(ada.id), await h.session(ada.id)]
      const graceSession = await h.session(grace.id)
      expect(await h.storage.deleteUserSessions(ada.id)).toBe(3)
      for (const session of adaSessions)
        expect(await h.storage.getSessionAndUser(session.id, h.clock.now())).toBeNull()
      expect(await h.storage.listUserSessions(grace.id, h.clock.now())).toEqual([graceSession])
    })

    it('keeps exceptSessionId and deletes the rest ("sign out other devices")', async () => {
      const user = await h.user()
      const start = h.clock.now()
      const current = await h.session(user.id, { createdAt: start })
      await h.session(user.id, { createdAt: addSeconds(start, 1) })
      await h.session(user.id, { createdAt: addSeconds(start, 2) })
      expect(await h.storage.deleteUserSessions(user.id, current.id)).toBe(2)
      expect(await h.storage.listUserSessions(user.id, addSeconds(start, 3))).toEqual([current])
    })

    it("an exceptSessionId of another user's session protects nothing of this user", async () => {
      const ada = await h.user()
      const grace = await h.user()
      await h.session(ada.id)
      const graceSession = await h.session(grace.id)
      expect(await h.storage.deleteUserSessions(ada.id, graceSession.id)).toBe(1)
      expect(await h.storage.listUserSessions(ada.id, h.clock.now())).toEqual([])
      expect(await h.storage.listUserSessions(grace.id, h.clock.now())).toEqual([graceSession])
    })

    it('returns 0 for a user without sessions', async () => {
      const user = await h.user()
      expect(await h.storage.deleteUserSessions(user.id)).toBe(0)
    })
  })
}
