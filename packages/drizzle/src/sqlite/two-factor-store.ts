import type { TwoFactorStore } from '@portcullis/core'
import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { totpFactorRow } from '../records/rows.js'
import {
  portcullisSqliteBackupCodes as backupCodes,
  portcullisSqliteTotpFactors as factors,
  portcullisSqlitePasskeys as passkeys,
} from '../schema/sqlite-schema.js'
import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The {@link TwoFactorStore} on SQLite (libsql or D1). Accepting a TOTP step is one conditional `UPDATE
 * … WHERE user_id = ? AND sealed_secret = ? AND (last_used_step IS NULL OR last_used_step < ?)
 * AND enabled … RETURNING`, consuming a backup code one `DELETE … RETURNING`; SQLite runs one
 * write at a time, so a step or a code is won by exactly one caller. Replacing the backup codes
 * is one batch (one transaction): delete the old, insert the new. `getSecondFactors` is one
 * `SELECT` (one statement, so one round trip on D1 too): the factor's row (if any) with the
 * passkey and backup-code counts as scalar subqueries.
 *
 * @param db - a drizzle libsql or D1 database holding the Portcullis tables
 * @returns the second-factor half of the storage
 */
export function createSqliteTwoFactorStore(db: SqliteDatabase): TwoFactorStore {
  return {
    putTotpFactor: (factor) =>
      attempt('putTotpFactor', async () => {
        const row = totpFactorRow(factor)
        const { userId: _userId, ...replacement } = row
        await db.insert(factors).values(row).onConflictDoUpdate({ target: factors.userId, set: replacement })
      }),

    getTotpFactor: (userId) =>
      attempt('getTotpFactor', async () => {
        const [row] = await db.select().from(factors).where(eq(factors.userId, userId))
        return row ?? null
      }),

    acceptTotpStep: (userId, sealedSecret, step, enabledAt) =>
      attempt('acceptTotpStep', async () => {
        const rows = await db
          .update(factors)
          .set(
            enabledAt === undefined
              ? { lastUsedStep: step }
              : {
                  lastUsedStep: step,
                  enabled: true,
                  // Confirming a pending factor sets enabledAt; an enabled one keeps its first.
                  enabledAt: sql`CASE WHEN ${factors.enabled} THEN ${factors.enabledAt} ELSE ${sql.param(enabledAt, factors.enabledAt)} END`,
                },
          )
          .where(
            and(
              eq(factors.userId, userId),
              eq(factors.sealedSecret, sealedSecret),
              or(isNull(factors.lastUsedStep), lt(factors.lastUsedStep, step)),
              enabledAt === undefined ? eq(factors.enabled, true) : undefined,
            ),
          )
          .returning({ userId: factors.userId })
        return rows.length > 0
      }),

    deleteTotpFactor: (userId) =>
      attempt('deleteTotpFactor', async () => {
        const rows = await db
          .delete(factors)
          .where(eq(factors.userId, userId))
          .returning({ userId: factors.userId })
        return rows.length > 0
      }),

    replaceBackupCodes: (userId, codeHashes) =>
      attempt('replaceBackupCodes', async () => {
        const deleteOld = db.delete(backupCodes).where(eq(backupCodes.userId, userId))
        if (codeHashes.length === 0) {
          await deleteOld
          return
        }
        const rows = codeHashes.map((codeHash) => ({ userId, codeHash }))
        await db.batch([deleteOld, db.insert(backupCodes).values(rows).onConflictDoNothing()])
      }),

    consumeBackupCode: (userId, codeHash) =>
      attempt('consumeBackupCode', async () => {
        const rows = await db
          .delete(backupCodes)
          .where(and(eq(backupCodes.userId, userId), eq(backupCodes.codeHash, codeHash)))
          .returning({ userId: backupCodes.userId })
        return rows.length > 0
      }),

    countBackupCodes: (userId) =>
      attempt('countBackupCodes', async () => {
        const [row] = await db.select({ n: count() }).from(backupCodes).where(eq(backupCodes.userId, userId))
        return row?.n ?? 0
      }),

    getSecondFactors: (userId) =>
      attempt('getSecondFactors', async () => {
        // One SELECT: a one-row table left-joined to the factor (so a user without one still gets
        // a row, its factor columns null), the two counts as scalar subqueries.
        const [row] = await db
          .select({
            totp: factors,
            passkeyCount: db.$count(passkeys, eq(passkeys.userId, userId)),
            backupCodeCount: db.$count(backupCodes, eq(backupCodes.userId, userId)),
          })
          .from(sql`(SELECT 1) AS one`)
          .leftJoin(factors, eq(factors.userId, userId))
        return row ?? { totp: null, passkeyCount: 0, backupCodeCount: 0 }
      }),
  }
}
