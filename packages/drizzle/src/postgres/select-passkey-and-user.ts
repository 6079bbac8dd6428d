import type { PasskeyRecord, UserRecord } from '@portcullis/core'
import { sql } from 'drizzle-orm'
import { jsonObject, passkeyFromJson, userFromJson } from '../records/json-rows.js'
import type { PostgresDatabase } from './postgres-database.js'
import { queryClientOf, rowsOf } from './query-client.js'

/**
 * The passkey sign-in lookup: one statement, passkey joined to its user, both rows as JSON, sent
 * to the driver directly (see `select-session-and-user.ts` for what that saves on PGlite).
 */
const PASSKEY_AND_USER_SQL =
  'SELECT row_to_json(p) AS p, row_to_json(u) AS u FROM portcullis_passkeys p ' +
  'JOIN portcullis_users u ON u.id = p.user_id WHERE p.credential_id = $1'

/**
 * Builds the passkey lookup for `db`: through its driver client directly when it is node-postgres
 * or PGlite, through drizzle's `execute` otherwise. One round trip either way.
 *
 * @param db - the drizzle PostgreSQL database
 * @returns the query, taking a credential id
 */
export function selectPasskeyAndUser(db: PostgresDatabase) {
  const client = queryClientOf(db)
  return async function passkeyAndUser(
    credentialId: string,
  ): Promise<{ passkey: PasskeyRecord; user: UserRecord } | null> {
    const rows = client
      ? (await client.query(PASSKEY_AND_USER_SQL, [credentialId])).rows
      : rowsOf(
          await db.execute(
            sql`SELECT row_to_json(p) AS p, row_to_json(u) AS u FROM portcullis_passkeys p JOIN portcullis_users u ON u.id = p.user_id WHERE p.credential_id = ${credentialId}`,
          ),
        )
    const row = rows[0] as { p?: unknown; u?: unknown } | undefined
    if (!row) return null
    return { passkey: passkeyFromJson(jsonObject(row.p)), user: userFromJson(jsonObject(row.u)) }
  }
}
