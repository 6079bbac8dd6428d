import type { ApiKeyRecord, UserRecord } from '@portcullis/core'
import { sql } from 'drizzle-orm'
import { apiKeyFromJson, jsonObject, userFromJson } from '../records/json-rows.js'
import type { PostgresDatabase } from './postgres-database.js'
import { queryClientOf, rowsOf } from './query-client.js'

/**
 * The API-key check, on the request path of every call made with a key: one statement, key
 * joined to its user, both rows as JSON, sent to the driver directly (see
 * `select-session-and-user.ts` for what that saves on PGlite).
 */
const API_KEY_AND_USER_SQL =
  'SELECT row_to_json(k) AS k, row_to_json(u) AS u FROM portcullis_api_keys k ' +
  'JOIN portcullis_users u ON u.id = k.user_id ' +
  'WHERE k.key_hash = $1 AND (k.expires_at IS NULL OR k.expires_at > $2::timestamptz)'

/**
 * Builds the API-key lookup for `db`: through its driver client directly when it is
 * node-postgres or PGlite, through drizzle's `execute` otherwise. One round trip either way.
 *
 * @param db - the drizzle PostgreSQL database
 * @returns the query, taking a key hash and `now`
 */
export function selectApiKeyAndUser(db: PostgresDatabase) {
  const client = queryClientOf(db)
  return async function apiKeyAndUser(
    keyHash: string,
    now: Date,
  ): Promise<{ apiKey: ApiKeyRecord; user: UserRecord } | null> {
    const at = now.toISOString()
    const rows = client
      ? (await client.query(API_KEY_AND_USER_SQL, [keyHash, at])).rows
      : rowsOf(
          await db.execute(
            sql`SELECT row_to_json(k) AS k, row_to_json(u) AS u FROM portcullis_api_keys k JOIN portcullis_users u ON u.id = k.user_id WHERE k.key_hash = ${keyHash} AND (k.expires_at IS NULL OR k.expires_at > ${at}::timestamptz)`,
          ),
        )
    const row = rows[0] as { k?: unknown; u?: unknown } | undefined
    if (!row) return null
    return { apiKey: apiKeyFromJson(jsonObject(row.k)), user: userFromJson(jsonObject(row.u)) }
  }
}
