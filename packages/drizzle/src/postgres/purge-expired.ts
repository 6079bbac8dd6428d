import { and, isNull, lte, or, type SQL, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { attempt } from '../errors/storage-errors.js'
import { deleteInBatches } from '../records/purge-batch-size.js'
import {
  portcullisPgApiKeys as apiKeys,
  portcullisPgRateLimits as limits,
  portcullisPgRefreshTokens as refreshTokens,
  portcullisPgSessions as sessions,
  portcullisPgTokens as tokens,
} from '../schema/postgres-schema.js'
import type { PurgeExpiredResult } from '../types.js'
import type { PostgresDatabase } from './postgres-database.js'

/**
 * Deletes the rows expired at `now` from the sessions, tokens, rate-limit, refresh-token and
 * API-key tables (a spent refresh token stays until its family ends, to catch reuse), `batchSize`
 * rows per statement (`DELETE … WHERE ctid IN (SELECT ctid … LIMIT n)`), until none is left.
 *
 * @param db - a drizzle PostgreSQL database whose `search_path` reaches the Portcullis tables
 * @param now - a row is expired when `now >= deadline`
 * @param batchSize - rows per statement
 * @returns how many rows of each kind were deleted
 */
export function purgeExpiredPostgres(
  db: PostgresDatabase,
  now: Date,
  batchSize: number,
): Promise<PurgeExpiredResult> {
  const purge = (table: PgTable, expired: SQL | undefined, key: PgColumn) =>
    deleteInBatches(batchSize, async () => {
      const rows = await db
        .delete(table)
        .where(sql`ctid IN (SELECT ctid FROM ${table} WHERE ${expired} LIMIT ${batchSize})`)
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
