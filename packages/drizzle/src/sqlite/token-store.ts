import type { TokenStore } from '@portcullis/core'
import { and, eq } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { tokenRow } from '../records/rows.js'
import { portcullisSqliteTokens as tokens } from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link TokenStore} on SQLite (libsql or D1). `consumeToken` is one `DELETE … RETURNING`; SQLite
 * runs one write at a time, so exactly one of any number of concurrent callers deletes (and so
 * gets) the token; an expired token is deleted all the same and reported as null.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the one-time-token half of the storage
 */
export function createSqliteTokenStore(db: SqliteDatabase): TokenStore {
  return {
    createToken: (token) =>
      attempt('createToken', async () => {
        const row = tokenRow(token)
        const { purpose: _purpose, tokenHash: _tokenHash, ...replacement } = row
        await db
          .insert(tokens)
          .values(row)
          .onConflictDoUpdate({ target: [tokens.purpose, tokens.tokenHash], set: replacement })
      }),

    consumeToken: (purpose, tokenHash, now) =>
      attempt('consumeToken', async () => {
        const [row] = await db
          .delete(tokens)
          .where(and(eq(tokens.purpose, purpose), eq(tokens.tokenHash, tokenHash)))
          .returning()
        if (!row || row.expiresAt.getTime() <= now.getTime()) return null
        return row
      }),

    deleteUserTokens: (userId, purpose) =>
      attempt('deleteUserTokens', async () => {
        const rows = await db
          .delete(tokens)
          .where(
            and(eq(tokens.userId, userId), purpose === undefined ? undefined : eq(tokens.purpose, purpose)),
          )
          .returning({ purpose: tokens.purpose })
        return rows.length
      }),
  }
}
