import type { UserStore } from '@portcullis/core'
import { and, asc, eq, gt, ne, sql } from 'drizzle-orm'
import { attempt, userWriteError } from '../errors/storage-errors.js'
import { globPrefixPattern } from '../records/email-prefix.js'
import { pageSize, userPatchValues, userRow } from '../records/rows.js'
import {
  portcullisSqliteApiKeys as apiKeys,
  portcullisSqliteBackupCodes as backupCodes,
  portcullisSqlitePasskeys as passkeys,
  portcullisSqliteRefreshTokens as refreshTokens,
  portcullisSqliteSessions as sessions,
  portcullisSqliteTokens as tokens,
  portcullisSqliteTotpFactors as totpFactors,
  portcullisSqliteUsers as users,
} from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link UserStore} on SQLite (libsql or D1). The unique indexes on `email_key` and `username_key`
 * decide clashes. Deleting a user deletes its sessions, one-time tokens, refresh tokens, API keys,
 * TOTP factor, backup codes, passkeys and the user in one batch (one transaction), so it does not
 * depend on `PRAGMA foreign_keys`. `listUsers` filters on a literal email prefix with
 * `email_key GLOB ?`, the prefix's wildcards bracketed: case-sensitive, and answered from the
 * `email_key` index.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the user half of the storage
 */
export function createSqliteUserStore(db: SqliteDatabase): UserStore {
  const emailTakenByOther = (emailKey: string, id: string) => async () => {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.emailKey, emailKey), ne(users.id, id)))
      .limit(1)
    return rows.length > 0
  }

  return {
    async createUser(user) {
      try {
        await db.insert(users).values(userRow(user))
      } catch (error) {
        throw await userWriteError('createUser', error, emailTakenByOther(user.emailKey, user.id))
      }
    },

    getUserById: (id) =>
      attempt('getUserById', async () => {
        const [row] = await db.select().from(users).where(eq(users.id, id))
        return row ?? null
      }),

    getUserByEmail: (emailKey) =>
      attempt('getUserByEmail', async () => {
        const [row] = await db.select().from(users).where(eq(users.emailKey, emailKey))
        return row ?? null
      }),

    getUserByUsername: (usernameKey) =>
      attempt('getUserByUsername', async () => {
        const [row] = await db.select().from(users).where(eq(users.usernameKey, usernameKey))
        return row ?? null
      }),

    async updateUser(id, patch) {
      try {
        const [row] = await db.update(users).set(userPatchValues(patch)).where(eq(users.id, id)).returning()
        return row ?? null
      } catch (error) {
        const emailKey = patch.emailKey
        throw await userWriteError(
          'updateUser',
          error,
          emailKey === undefined ? null : emailTakenByOther(emailKey, id),
        )
      }
    },

    replacePasswordHash: (id, expectedHash, newHash, updatedAt) =>
      attempt('replacePasswordHash', async () => {
        const rows = await db
          .update(users)
          .set({ passwordHash: newHash, updatedAt })
          .where(and(eq(users.id, id), eq(users.passwordHash, expectedHash)))
          .returning({ id: users.id })
        return rows.length > 0
      }),

    deleteUser: (id) =>
      attempt('deleteUser', async () => {
        const results = await db.batch([
          db.delete(sessions).where(eq(sessions.userId, id)),
          db.delete(tokens).where(eq(tokens.userId, id)),
          db.delete(refreshTokens).where(eq(refreshTokens.userId, id)),
          db.delete(apiKeys).where(eq(apiKeys.userId, id)),
          db.delete(totpFactors).where(eq(totpFactors.userId, id)),
          db.delete(backupCodes).where(eq(backupCodes.userId, id)),
          db.delete(passkeys).where(eq(passkeys.userId, id)),
          db.delete(users).where(eq(users.id, id)).returning({ id: users.id }),
        ])
        return results[7].length > 0
      }),

    listUsers: ({ limit, cursor, emailPrefix }) =>
      attempt('listUsers', () =>
        db
          .select()
          .from(users)
          .where(
            and(
              cursor === undefined ? undefined : gt(users.id, cursor),
              emailPrefix === undefined
                ? undefined
                : sql`${users.emailKey} GLOB ${globPrefixPattern(emailPrefix)}`,
            ),
          )
          .orderBy(asc(users.id))
          .limit(pageSize(limit)),
      ),
  }
}
