import type { ApiKeyStore } from '@portcullis/core'
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { apiKeyRow } from '../records/rows.js'
import { portcullisPgApiKeys as apiKeys } from '../schema/postgres-schema.js'
import type { PostgresDatabase } from './postgres-database.js'
import { selectApiKeyAndUser } from './select-api-key-and-user.js'

/**
 * The {@link ApiKeyStore} on PostgreSQL: each method is one statement, and a key check
 * (`getApiKeyAndUser`) is one query joining the key to its user (see
 * {@link selectApiKeyAndUser}). Expiry is decided in SQL (`expires_at IS NULL OR expires_at >
 * now`); keys go with their user through the foreign key.
 *
 * @param db - a drizzle PostgreSQL database whose `search_path` reaches the Portcullis tables
 * @returns the API-key half of the storage
 */
export function createPostgresApiKeyStore(db: PostgresDatabase): ApiKeyStore {
  const apiKeyAndUser = selectApiKeyAndUser(db)

  return {
    createApiKey: (key) =>
      attempt('createApiKey', async () => {
        const row = apiKeyRow(key)
        const { id: _id, ...replacement } = row
        await db.insert(apiKeys).values(row).onConflictDoUpdate({ target: apiKeys.id, set: replacement })
      }),

    getApiKeyAndUser: (keyHash, now) => attempt('getApiKeyAndUser', () => apiKeyAndUser(keyHash, now)),

    listUserApiKeys: (userId, now) =>
      attempt('listUserApiKeys', () =>
        db
          .select()
          .from(apiKeys)
          .where(and(eq(apiKeys.userId, userId), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))))
          .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)),
      ),

    deleteUserApiKey: (userId, id) =>
      attempt('deleteUserApiKey', async () => {
        const rows = await db
          .delete(apiKeys)
          .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
          .returning({ id: apiKeys.id })
        return rows.length > 0
      }),

    deleteUserApiKeys: (userId) =>
      attempt('deleteUserApiKeys', async () => {
        const rows = await db.delete(apiKeys).where(eq(apiKeys.userId, userId)).returning({ id: apiKeys.id })
        return rows.length
      }),

    touchApiKey: (id, lastUsedAt) =>
      attempt('touchApiKey', async () => {
        await db.update(apiKeys).set({ lastUsedAt }).where(eq(apiKeys.id, id))
      }),
  }
}
