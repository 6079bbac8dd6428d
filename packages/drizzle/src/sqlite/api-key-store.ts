import type { ApiKeyStore } from '@portcullis/core'
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { apiKeyRow } from '../records/rows.js'
import {
  portcullisSqliteApiKeys as apiKeys,
  portcullisSqliteUsers as users,
} from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link ApiKeyStore} on SQLite (libsql or D1): each method is one statement, and a key check
 * (`getApiKeyAndUser`) is one query joining the key to its user. Expiry is decided in SQL
 * (`expires_at IS NULL OR expires_at > now`).
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the API-key half of the storage
 */
export function createSqliteApiKeyStore(db: SqliteDatabase): ApiKeyStore {
  const unexpired = (now: Date) => or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))

  return {
    createApiKey: (key) =>
      attempt('createApiKey', async () => {
        const row = apiKeyRow(key)
        const { id: _id, ...replacement } = row
        await db.insert(apiKeys).values(row).onConflictDoUpdate({ target: apiKeys.id, set: replacement })
      }),

    getApiKeyAndUser: (keyHash, now) =>
      attempt('getApiKeyAndUser', async () => {
        const [row] = await db
          .select({ apiKey: apiKeys, user: users })
          .from(apiKeys)
          .innerJoin(users, eq(users.id, apiKeys.userId))
          .where(and(eq(apiKeys.keyHash, keyHash), unexpired(now)))
        return row ?? null
      }),

    listUserApiKeys: (userId, now) =>
      attempt('listUserApiKeys', () =>
        db
          .select()
          .from(apiKeys)
          .where(and(eq(apiKeys.userId, userId), unexpired(now)))
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
