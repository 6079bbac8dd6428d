import type { UserStore } from '@portcullis/core'
import { and, asc, eq, gt, ne, sql } from 'drizzle-orm'
import { attempt, userWriteError } from '../errors/storage-errors.js'
import { LIKE_ESCAPE_SQL, likePrefixPattern } from '../records/email-prefix.js'
import { pageSize, userPatchValues, userRow } from '../records/rows.js'
import { portcullisPgUsers as users } from '../schema/postgres-schema.js'
import type { PostgresDatabase } from './postgres-database.js'

/**
 * The {@link UserStore} on PostgreSQL: each method is one statement. The unique indexes on
 * `email_key` and `username_key` decide clashes, so two racing writers cannot both win; deleting
 * a user cascades through the foreign keys to everything of theirs (sessions, one-time tokens,
 * refresh tokens, API keys, TOTP factor, backup codes, passkeys). `listUsers` filters on a
 * literal email prefix with `email_key LIKE $prefix ESCAPE '!'`, the prefix's wildcards escaped.
 *
 * @param db - a drizzle PostgreSQL database whose `search_path` reaches the Portcullis tables
 * @returns the user half of the storage
 */
export function createPostgresUserStore(db: PostgresDatabase): UserStore {
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
        const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id })
        return rows.length > 0
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
                : sql`${users.emailKey} LIKE ${likePrefixPattern(emailPrefix)} ESCAPE ${LIKE_ESCAPE_SQL}`,
            ),
          )
          .orderBy(asc(users.id))
          .limit(pageSize(limit)),
      ),
  }
}
