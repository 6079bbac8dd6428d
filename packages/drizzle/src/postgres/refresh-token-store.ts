import type { RefreshTokenRecord, RefreshTokenStore, RotateRefreshTokenResult } from '@portcullis/core'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { jsonObject, refreshTokenFromJson } from '../records/json-rows.js'
import { refreshTokenRow } from '../records/rows.js'
import { portcullisPgRefreshTokens as refreshTokens } from '../schema/postgres-schema.js'
import type { PostgresDatabase } from './postgres-database.js'
import { rowsOf } from './query-client.js'

/**
 * The {@link RefreshTokenStore} on PostgreSQL. A rotation of a live token is one statement: a
 * conditional `UPDATE … SET spent_at … WHERE spent_at IS NULL AND <live> RETURNING` and, in a
 * data-modifying CTE of the same statement, the `INSERT` of the successor in the spent token's
 * family, so both happen or neither does. Concurrent rotations of one token queue on its row
 * lock and re-check `spent_at IS NULL` once the winner commits, so exactly one spends it. When
 * nothing was spent, a second statement (with a fresh snapshot, which sees the winner's commit)
 * deletes the family of the token if it is spent and its family still runs: reuse.
 *
 * @param db - a drizzle PostgreSQL database whose `search_path` reaches the Portcullis tables
 * @returns the refresh-token half of the storage
 */
export function createPostgresRefreshTokenStore(db: PostgresDatabase): RefreshTokenStore {
  const rt = refreshTokens
  const instant = (date: Date) => sql`${sql.param(date, rt.createdAt)}::timestamptz`

  const spendAndInsert = async (tokenHash: string, next: RefreshTokenRecord, now: Date) => {
    const at = instant(now)
    const rows = rowsOf(
      await db.execute(sql`WITH spent AS (
        UPDATE portcullis_refresh_tokens SET spent_at = ${at}
        WHERE token_hash = ${tokenHash} AND spent_at IS NULL AND expires_at > ${at} AND family_expires_at > ${at}
        RETURNING *
      ), inserted AS (
        INSERT INTO portcullis_refresh_tokens
          (token_hash, family_id, user_id, session_id, scopes, created_at, expires_at, family_expires_at, spent_at)
        SELECT ${next.tokenHash}, spent.family_id, ${next.userId}, ${next.sessionId}::text,
          ${sql.param(next.scopes, rt.scopes)}::text[], ${instant(next.createdAt)}, ${instant(next.expiresAt)},
          ${instant(next.familyExpiresAt)}, NULL
        FROM spent
        RETURNING 1
      )
      SELECT row_to_json(spent) AS t FROM spent`),
    )
    return rows[0] as { t?: unknown } | undefined
  }

  const deleteSpentFamily = async (tokenHash: string, now: Date) => {
    const rows = rowsOf(
      await db.execute(sql`WITH gone AS (
        DELETE FROM portcullis_refresh_tokens t
        WHERE t.family_id = (
          SELECT family_id FROM portcullis_refresh_tokens
          WHERE token_hash = ${tokenHash} AND spent_at IS NOT NULL AND family_expires_at > ${instant(now)}
        )
        RETURNING t.token_hash, row_to_json(t) AS t
      )
      SELECT t FROM gone WHERE token_hash = ${tokenHash}`),
    )
    return rows[0] as { t?: unknown } | undefined
  }

  return {
    createRefreshToken: (token) =>
      attempt('createRefreshToken', async () => {
        const row = refreshTokenRow(token)
        const { tokenHash: _tokenHash, ...replacement } = row
        await db.insert(rt).values(row).onConflictDoUpdate({ target: rt.tokenHash, set: replacement })
      }),

    rotateRefreshToken: (tokenHash, next, now) =>
      attempt('rotateRefreshToken', async (): Promise<RotateRefreshTokenResult> => {
        const spent = await spendAndInsert(tokenHash, next, now)
        if (spent)
          return {
            status: 'rotated',
            previous: { ...refreshTokenFromJson(jsonObject(spent.t)), spentAt: null },
          }
        const reused = await deleteSpentFamily(tokenHash, now)
        if (reused) return { status: 'reused', previous: refreshTokenFromJson(jsonObject(reused.t)) }
        return { status: 'invalid' }
      }),

    getRefreshToken: (tokenHash, now) =>
      attempt('getRefreshToken', async () => {
        const [row] = await db
          .select()
          .from(rt)
          .where(
            and(
              eq(rt.tokenHash, tokenHash),
              isNull(rt.spentAt),
              gt(rt.expiresAt, now),
              gt(rt.familyExpiresAt, now),
            ),
          )
        return row ?? null
      }),

    deleteRefreshTokenFamily: (familyId) =>
      attempt('deleteRefreshTokenFamily', async () => {
        const rows = await db
          .delete(rt)
          .where(eq(rt.familyId, familyId))
          .returning({ tokenHash: rt.tokenHash })
        return rows.length
      }),

    deleteUserRefreshTokens: (userId) =>
      attempt('deleteUserRefreshTokens', async () => {
        const rows = await db.delete(rt).where(eq(rt.userId, userId)).returning({ tokenHash: rt.tokenHash })
        return rows.length
      }),
  }
}
