import type { SessionRecord, SessionStore } from '@portcullis/core'
import { copySession, copyUser } from './copy.js'
import { addToIndex, isSessionExpired, type MemoryState, removeSession } from './state.js'

/**
 * The {@link SessionStore} over `state`. A session past `expiresAt` or `idleExpiresAt` at the
 * caller's `now` is treated as absent and removed when a read comes across it.
 *
 * @param state - the maps shared with the other stores
 * @returns the session half of the memory storage
 */
export function createSessionStore(state: MemoryState): SessionStore {
  return {
    async createSession(session) {
      const stored = copySession(session)
      removeSession(state, stored.id)
      state.sessions.set(stored.id, stored)
      addToIndex(state.sessionIdsByUserId, stored.userId, stored.id)
    },

    async getSessionAndUser(id, now) {
      const session = state.sessions.get(id)
      if (!session) return null
      if (isSessionExpired(session, now)) {
        removeSession(state, id)
        return null
      }
      const user = state.users.get(session.userId)
      if (!user) return null
      return { session: copySession(session), user: copyUser(user) }
    },

    async getSession(id, now) {
      const session = state.sessions.get(id)
      if (!session) return null
      if (isSessionExpired(session, now)) {
        removeSession(state, id)
        return null
      }
      return copySession(session)
    },

    async touchSession(id, lastSeenAt, idleExpiresAt) {
      const session = state.sessions.get(id)
      if (!session) return
      session.lastSeenAt = new Date(lastSeenAt)
      session.idleExpiresAt = new Date(idleExpiresAt)
    },

    async listUserSessions(userId, now) {
      const live: SessionRecord[] = []
      for (const id of [...(state.sessionIdsByUserId.get(userId) ?? [])]) {
        const session = state.sessions.get(id)
        if (!session) continue
        if (isSessionExpired(session, now)) removeSession(state, id)
        else live.push(session)
      }
      return live.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(copySession)
    },

    async deleteUserSession(userId, sessionId) {
      if (state.sessions.get(sessionId)?.userId !== userId) return false
      return removeSession(state, sessionId)
    },

    async deleteSession(id) {
      removeSession(state, id)
    },

    async deleteUserSessions(userId, exceptSessionId) {
      let deleted = 0
      for (const id of [...(state.sessionIdsByUserId.get(userId) ?? [])]) {
        if (id !== exceptSessionId && removeSession(state, id)) deleted += 1
      }
      return deleted
    },
  }
}
