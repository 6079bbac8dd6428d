import type { RateLimitStore } from '@portcullis/core'
import { eq, sql } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { windowEnd } from '../records/rows.js'
import { portcullisSqliteRateLimits as limits } from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link RateLimitStore} on SQLite (libsql or D1). A hit is one upsert (`INSERT … ON CONFLICT (key)
 * DO UPDATE … RETURNING`); SQLite runs one write at a time, so concurrent hits count exactly, and
 * a window that ended at or before `now` restarts at 1.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the rate-limit half of the storage
 */
export function createSqliteRateLimitStore(db: SqliteDatabase): RateLimitStore {
  return {
    async hitRateLimit(key, windowSeconds, now) {
      const resetAt = windowEnd(now, windowSeconds)
      return attempt('hitRateLimit', async () => {
        const ended = sql`${limits.resetAt} <= ${sql.param(now, limits.resetAt)}`
        const [row] = await db
          .insert(limits)
          .values({ key, count: 1, resetAt })
          .onConflictDoUpdate({
            target: limits.key,
            set: {
              count: sql`CASE WHEN ${ended} THEN 1 ELSE ${limits.count} + 1 END`,
              resetAt: sql`CASE WHEN ${ended} THEN excluded.reset_at ELSE ${limits.resetAt} END`,
            },
          })
          .returning({ count: limits.count, resetAt: limits.resetAt })
        if (!row) throw new Error('the upsert returned no row')
        return { count: row.count, resetAt: row.resetAt }
      })
    },

    resetRateLimit: (key) =>
      attempt('resetRateLimit', async () => {
        await db.delete(limits).where(eq(limits.key, key))
      }),
  }
}
