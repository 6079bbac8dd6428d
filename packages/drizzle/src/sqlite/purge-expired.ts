import { and, isNull, lte, or, type SQL, sql } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { attempt } from '../errors/storage-errors.js'
import { deleteInBatches } from '../records/purge-batch-size.js'
import {
  portcullisSqliteApiKeys as apiKeys,
  portcullisSqliteRateLimits as limits,
  portcullisSqliteRefreshTokens as refreshTokens,
  portcullisSqliteSessions as sessions,
  portcullisSqliteTokens as tokens,
} from '../schema/sqlite-schema.js'
import type { PurgeExpiredResult } from '../types.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * Deletes the rows expired at `now` from the sessions, tokens, rate-limit, refresh-token and
 * API-key tables (a spent refresh token stays until its family ends, to catch reuse), `batchSize`
 * rows per statement (`DELETE … WHERE rowid IN (SELECT rowid … LIMIT n)`), until none is left.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @param now - a row is expired when `now >= deadline`
 * @param batchSize - rows per statement
 * @returns how many rows of each kind were deleted
 */
export function purgeExpiredSqlite(
  db: SqliteDatabase,
  now: Date,
  batchSize: number,
): Promise<PurgeExpiredResult> {
  const purge = (table: SQLiteTable, expired: SQL | undefined, key: SQLiteColumn) =>
    deleteInBatches(batchSize, async () => {
      const rows = await db
        .delete(table)
        .where(sql`rowid IN (SELECT rowid FROM ${table} WHERE ${expired} LIMIT ${batchSize})`)
        .returning({ key })
      return rows.length
    })
  return attempt('purgeExpired', async () => ({
    sessions: await purge(
      sessions,
      or(lte(sessions.expiresAt, now), lte(sessions.idleExpiresAt, now)),
      sessions.id,
    ),
    tokens: await purge(tokens, lte(tokens.expiresAt, now), tokens.tokenHash),
    rateLimits: await purge(limits, lte(limits.resetAt, now), limits.key),
    refreshTokens: await purge(
      refreshTokens,
      or(
        lte(refreshTokens.familyExpiresAt, now),
        and(isNull(refreshTokens.spentAt), lte(refreshTokens.expiresAt, now)),
      ),
      refreshTokens.tokenHash,
    ),
    apiKeys: await purge(apiKeys, lte(apiKeys.expiresAt, now), apiKeys.id),
  }))
}
