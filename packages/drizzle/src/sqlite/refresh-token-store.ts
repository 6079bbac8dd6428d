import type { RefreshTokenRecord, RefreshTokenStore } from '@portcullis/core'
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { attempt } from '../errors/storage-errors.js'
import { refreshTokenRow } from '../records/rows.js'
import { portcullisSqliteRefreshTokens as refreshTokens } from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link RefreshTokenStore} on SQLite (libsql or D1). A rotation is one batch (one transaction,
 * one round trip, no interactive transaction): first delete the token's family if the token is
 * already spent and its family still runs (reuse), then insert the successor in the token's
 * family if the token is live, then spend it if it is live. The last two test the same condition
 * inside the same transaction, so both happen or neither does; SQLite runs one write transaction
 * at a time, so of concurrent rotations exactly one finds the token live.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the refresh-token half of the storage
 */
export function createSqliteRefreshTokenStore(db: SqliteDatabase): RefreshTokenStore {
  const rt = refreshTokens
  const live = (tokenHash: string, now: Date) =>
    and(eq(rt.tokenHash, tokenHash), isNull(rt.spentAt), gt(rt.expiresAt, now), gt(rt.familyExpiresAt, now))

  // A bound parameter, encoded the way `column` stores it (JSON text, epoch milliseconds), named
  // `next_<column>` in the SELECT list.
  const value = (param: unknown, column: SQLiteColumn) =>
    sql`${sql.param(param, column)}`.as(`next_${column.name}`)
  // INSERT … SELECT through the query builder, not a raw `db.run(sql…)`: drizzle's D1 session can
  // only batch queries it prepared itself. The selected fields are the table's columns, in order.
  const insertSuccessor = (tokenHash: string, next: RefreshTokenRecord, now: Date) =>
    db.insert(rt).select(
      db
        .select({
          tokenHash: value(next.tokenHash, rt.tokenHash),
          familyId: rt.familyId,
          userId: value(next.userId, rt.userId),
          sessionId: value(next.sessionId, rt.sessionId),
          scopes: value(next.scopes, rt.scopes),
          createdAt: value(next.createdAt, rt.createdAt),
          expiresAt: value(next.expiresAt, rt.expiresAt),
          familyExpiresAt: value(next.familyExpiresAt, rt.familyExpiresAt),
          spentAt: sql`NULL`.as('next_spent_at'),
        })
        .from(rt)
        .where(live(tokenHash, now)),
    )

  return {
    createRefreshToken: (token) =>
      attempt('createRefreshToken', async () => {
        const row = refreshTokenRow(token)
        const { tokenHash: _tokenHash, ...replacement } = row
        await db.insert(rt).values(row).onConflictDoUpdate({ target: rt.tokenHash, set: replacement })
      }),

    rotateRefreshToken: (tokenHash, next, now) =>
      attempt('rotateRefreshToken', async () => {
        const spentFamily = db
          .select({ familyId: rt.familyId })
          .from(rt)
          .where(and(eq(rt.tokenHash, tokenHash), isNotNull(rt.spentAt), gt(rt.familyExpiresAt, now)))
        const [deleted, , spent] = await db.batch([
          db.delete(rt).where(eq(rt.familyId, spentFamily)).returning(),
          insertSuccessor(tokenHash, next, now),
          db.update(rt).set({ spentAt: now }).where(live(tokenHash, now)).returning(),
        ])
        const rotated = spent[0]
        if (rotated) return { status: 'rotated', previous: { ...rotated, spentAt: null } }
        const reused = deleted.find((row) => row.tokenHash === tokenHash)
        if (reused) return { status: 'reused', previous: reused }
        return { status: 'invalid' }
      }),

    getRefreshToken: (tokenHash, now) =>
      attempt('getRefreshToken', async () => {
        const [row] = await db.select().from(rt).where(live(tokenHash, now))
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
