import type { SessionRecord, SessionStore } from '@portcullis/core'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { arrayReply, hashReply, integerReply, malformed } from './reply.js'
import {
  CREATE_SESSION,
  DELETE_SESSION,
  DELETE_USER_SESSION,
  DELETE_USER_SESSIONS,
  GET_SESSION,
  GET_SESSION_AND_USER,
  LIST_USER_SESSIONS,
  TOUCH_SESSION,
} from './scripts/session-scripts.js'
import { decodeSession, encodeSession, sessionDeadline } from './session-codec.js'
import { decodeUser } from './user-codec.js'

/**
 * The {@link SessionStore} on Redis: a hash per session that Redis evicts at its deadline
 * (`PEXPIREAT`), and a set of session ids per user. Expiry is also checked on every read with
 * the caller's `now`, so a session is absent from its deadline on whatever Redis' clock says.
 * `getSessionAndUser` is one script: session and user in one round trip.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the session half of the Redis storage
 */
export function createSessionStore({ scripts, keys }: RedisContext): SessionStore {
  const sessionOrNull = (reply: unknown): SessionRecord | null => {
    if (reply === null) return null
    const fields = hashReply(reply, 'session record')
    return fields === null ? null : decodeSession(fields)
  }
  const lookupArgs = (id: string, now: Date): string[] => [keys.userSessions(''), encodeDate(now), id]

  return {
    async createSession(session) {
      await scripts.run(
        CREATE_SESSION,
        [keys.session(session.id), keys.userSessions(session.userId)],
        [
          keys.userSessions(''),
          session.id,
          sessionDeadline(session),
          encodeDate(session.expiresAt),
          ...encodeSession(session),
        ],
      )
    },

    async getSessionAndUser(id, now) {
      const reply = await scripts.run(
        GET_SESSION_AND_USER,
        [keys.session(id)],
        [...lookupArgs(id, now), keys.user('')],
      )
      if (reply === null) return null
      const [sessionReply, userReply] = arrayReply(reply, 'getSessionAndUser reply')
      const session = sessionOrNull(sessionReply)
      const userFields = hashReply(userReply, 'user record')
      if (session === null || userFields === null) throw malformed('getSessionAndUser reply')
      return { session, user: decodeUser(userFields) }
    },

    async getSession(id, now) {
      return sessionOrNull(await scripts.run(GET_SESSION, [keys.session(id)], lookupArgs(id, now)))
    },

    async touchSession(id, lastSeenAt, idleExpiresAt) {
      await scripts.run(
        TOUCH_SESSION,
        [keys.session(id)],
        [encodeDate(lastSeenAt), encodeDate(idleExpiresAt)],
      )
    },

    async listUserSessions(userId, now) {
      const reply = await scripts.run(
        LIST_USER_SESSIONS,
        [keys.userSessions(userId)],
        [keys.session(''), encodeDate(now), userId],
      )
      const sessions = arrayReply(reply, 'listUserSessions reply').flatMap((item) => {
        const session = sessionOrNull(item)
        return session === null ? [] : [session]
      })
      return sessions.sort(newestFirst)
    },

    async deleteUserSession(userId, sessionId) {
      const reply = await scripts.run(
        DELETE_USER_SESSION,
        [keys.session(sessionId), keys.userSessions(userId)],
        [userId, sessionId],
      )
      return integerReply(reply, 'deleteUserSession reply') === 1
    },

    async deleteSession(id) {
      await scripts.run(DELETE_SESSION, [keys.session(id)], [keys.userSessions(''), id])
    },

    async deleteUserSessions(userId, exceptSessionId) {
      const args = [keys.session(''), userId]
      if (exceptSessionId !== undefined) args.push(exceptSessionId)
      const reply = await scripts.run(DELETE_USER_SESSIONS, [keys.userSessions(userId)], args)
      return integerReply(reply, 'deleteUserSessions reply')
    },
  }
}

/** Newest `createdAt` first; ties by id, so that the order does not depend on the set's. */
function newestFirst(a: SessionRecord, b: SessionRecord): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime()
  if (byTime !== 0) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
