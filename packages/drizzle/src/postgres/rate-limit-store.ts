import type { RateLimitStore } from '@portcullis/core'
import { eq, sql } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { windowEnd } from '../records/rows.js'
import { portcullisPgRateLimits as limits } from '../schema/postgres-schema.js'
import type { PostgresDatabase } from './postgres-database.js'

/**
 * The {@link RateLimitStore} on PostgreSQL. A hit is one upsert (`INSERT … ON CONFLICT (key) DO
 * UPDATE … RETURNING`): the conflicting row is locked while it is counted, so concurrent hits
 * count exactly, and a window that ended at or before `now` restarts at 1.
 *
 * @param db - a drizzle PostgreSQL database whose `search_path` reaches the Portcullis tables
 * @returns the rate-limit half of the storage
 */
export function createPostgresRateLimitStore(db: PostgresDatabase): RateLimitStore {
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
