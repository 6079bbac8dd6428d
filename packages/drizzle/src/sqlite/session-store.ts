import type { SessionStore } from '@portcullis/core'
import { and, desc, eq, gt, ne } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { sessionRow } from '../records/rows.js'
import {
  portcullisSqliteSessions as sessions,
  portcullisSqliteUsers as users,
} from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link SessionStore} on SQLite (libsql or D1): each method is one statement, and a session check
 * (`getSessionAndUser`) is one query joining the session to its user. Expiry is decided in SQL
 * (`expires_at > now AND idle_expires_at > now`), so a row past either deadline is absent on read
 * whether or not it has been purged.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the session half of the storage
 */
export function createSqliteSessionStore(db: SqliteDatabase): SessionStore {
  const live = (now: Date) => and(gt(sessions.expiresAt, now), gt(sessions.idleExpiresAt, now))

  return {
    createSession: (session) =>
      attempt('createSession', async () => {
        const row = sessionRow(session)
        const { id: _id, ...replacement } = row
        await db.insert(sessions).values(row).onConflictDoUpdate({ target: sessions.id, set: replacement })
      }),

    getSessionAndUser: (id, now) =>
      attempt('getSessionAndUser', async () => {
        const [row] = await db
          .select({ session: sessions, user: users })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(and(eq(sessions.id, id), live(now)))
        return row ?? null
      }),

    getSession: (id, now) =>
      attempt('getSession', async () => {
        const [row] = await db
          .select()
          .from(sessions)
          .where(and(eq(sessions.id, id), live(now)))
        return row ?? null
      }),

    touchSession: (id, lastSeenAt, idleExpiresAt) =>
      attempt('touchSession', async () => {
        await db.update(sessions).set({ lastSeenAt, idleExpiresAt }).where(eq(sessions.id, id))
      }),

    listUserSessions: (userId, now) =>
      attempt('listUserSessions', () =>
        db
          .select()
          .from(sessions)
          .where(and(eq(sessions.userId, userId), live(now)))
          .orderBy(desc(sessions.createdAt), desc(sessions.id)),
      ),

    deleteUserSession: (userId, sessionId) =>
      attempt('deleteUserSession', async () => {
        const rows = await db
          .delete(sessions)
          .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
          .returning({ id: sessions.id })
        return rows.length > 0
      }),

    deleteSession: (id) =>
      attempt('deleteSession', async () => {
        await db.delete(sessions).where(eq(sessions.id, id))
      }),

    deleteUserSessions: (userId, exceptSessionId) =>
      attempt('deleteUserSessions', async () => {
        const rows = await db
          .delete(sessions)
          .where(
            and(
              eq(sessions.userId, userId),
              exceptSessionId === undefined ? undefined : ne(sessions.id, exceptSessionId),
            ),
          )
          .returning({ id: sessions.id })
        return rows.length
      }),
  }
}
