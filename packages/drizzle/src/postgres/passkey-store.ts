import type { PasskeyStore } from '@portcullis/core'
import { and, desc, eq } from 'drizzle-orm'
import { attempt, passkeyWriteError } from '../errors/storage-errors.js'
import { passkeyRow } from '../records/rows.js'
import { portcullisPgPasskeys as passkeys } from '../schema/postgres-schema.js'
import type { PostgresDatabase } from './postgres-database.js'
import { selectPasskeyAndUser } from './select-passkey-and-user.js'

/**
 * The {@link PasskeyStore} on PostgreSQL: each method is one statement. The unique index on
 * `credential_id` keeps a credential to one passkey of one user under any concurrency (a clash is
 * `UniqueConstraintError('credentialId')`); a sign-in lookup is one query joining the passkey to
 * its user (see {@link selectPasskeyAndUser}); recording a use is a compare-and-set `UPDATE …
 * WHERE id = $1 AND sign_count = $expected`. Passkeys go with their user through the foreign key.
 *
 * @param db - a drizzle PostgreSQL database whose `search_path` reaches the Portcullis tables
 * @returns the passkey half of the storage
 */
export function createPostgresPasskeyStore(db: PostgresDatabase): PasskeyStore {
  const passkeyAndUser = selectPasskeyAndUser(db)

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

    getPasskeyAndUser: (credentialId) => attempt('getPasskeyAndUser', () => passkeyAndUser(credentialId)),

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
