import type { PasskeyStore } from '@portcullis/core'
import { and, desc, eq } from 'drizzle-orm'
import { attempt, passkeyWriteError } from '../errors/storage-errors.js'
import { passkeyRow } from '../records/rows.js'
import {
  portcullisSqlitePasskeys as passkeys,
  portcullisSqliteUsers as users,
} from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link PasskeyStore} on SQLite (libsql or D1): each method is one statement. The unique index on
 * `credential_id` keeps a credential to one passkey of one user (a clash is
 * `UniqueConstraintError('credentialId')`); a sign-in lookup is one query joining the passkey to
 * its user; recording a use is a compare-and-set `UPDATE … WHERE id = ? AND sign_count =
 * ?expected`.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the passkey half of the storage
 */
export function createSqlitePasskeyStore(db: SqliteDatabase): PasskeyStore {
  return {
    async createPasskey(passkey) {
      try {
        const row = passkeyRow(passkey)
        const { id: _id, ...replacement } = row
        await db.insert(passkeys).values(row).onConflictDoUpdate({ target: passkeys.id, set: replacement })
      } catch (error) {
        throw passkeyWriteError(error)
      }
    },

    getPasskeyAndUser: (credentialId) =>
      attempt('getPasskeyAndUser', async () => {
        const [row] = await db
          .select({ passkey: passkeys, user: users })
          .from(passkeys)
          .innerJoin(users, eq(users.id, passkeys.userId))
          .where(eq(passkeys.credentialId, credentialId))
        return row ?? null
      }),

    listUserPasskeys: (userId) =>
      attempt('listUserPasskeys', () =>
        db
          .select()
          .from(passkeys)
          .where(eq(passkeys.userId, userId))
          .orderBy(desc(passkeys.createdAt), desc(passkeys.id)),
      ),

    deleteUserPasskey: (userId, id) =>
      attempt('deleteUserPasskey', async () => {
        const rows = await db
          .delete(passkeys)
          .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
          .returning({ id: passkeys.id })
        return rows.length > 0
      }),

    recordPasskeyUse: (id, expectedSignCount, signCount, lastUsedAt) =>
      attempt('recordPasskeyUse', async () => {
        const rows = await db
          .update(passkeys)
          .set({ signCount, lastUsedAt })
          .where(and(eq(passkeys.id, id), eq(passkeys.signCount, expectedSignCount)))
          .returning({ id: passkeys.id })
        return rows.length > 0
      }),
  }
}
