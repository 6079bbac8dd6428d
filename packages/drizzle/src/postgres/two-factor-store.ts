import type { TwoFactorStore } from '@portcullis/core'
import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { attempt } from '../errors/storage-errors.js'
import { totpFactorRow } from '../records/rows.js'
import {
  portcullisPgBackupCodes as backupCodes,
  portcullisPgTotpFactors as factors,
  portcullisPgPasskeys as passkeys,
} from '../schema/postgres-schema.js'
import type { PostgresDatabase } from './postgres-database.js'

/**
 * The {@link TwoFactorStore} on PostgreSQL: each method is one statement. Accepting a TOTP step
 * is a conditional `UPDATE … WHERE user_id = $1 AND sealed_secret = $2 AND (last_used_step IS
 * NULL OR last_used_step < $3) AND enabled … RETURNING`: concurrent callers queue on the row lock
 * and re-check the condition once the winner commits, so a step is accepted once. Consuming a
 * backup code is one `DELETE … RETURNING`; replacing them is a transaction that locks the user's
 * row, then one statement deleting the old codes and inserting the new ones, so concurrent
 * replacements leave exactly one list. `getSecondFactors` is one `SELECT`: the factor's row
 * (if any) with the passkey and backup-code counts as scalar subqueries. Rows go with their user
 * through the foreign keys.
 *
 * @param db - a drizzle PostgreSQL database whose `search_path` reaches the Portcullis tables
 * @returns the second-factor half of the storage
 */
export function createPostgresTwoFactorStore(db: PostgresDatabase): TwoFactorStore {
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
      attempt('replaceBackupCodes', () =>
        db.transaction(async (tx) => {
          // The user's row locked first: a concurrent replacement waits here, and its DELETE (a
          // new statement, so a new snapshot under READ COMMITTED) then sees and removes the codes
          // this one committed. Without the lock both lists could survive.
          await tx.execute(sql`SELECT 1 FROM portcullis_users WHERE id = ${userId} FOR UPDATE`)
          // The old codes go and the new ones arrive in one statement. The uncorrelated subquery
          // on `gone` runs the DELETE before the first row is inserted, so a new hash equal to an
          // old one is kept; ON CONFLICT DO NOTHING drops duplicates within the list.
          await tx.execute(sql`WITH gone AS (
            DELETE FROM portcullis_backup_codes WHERE user_id = ${userId} RETURNING 1
          )
          INSERT INTO portcullis_backup_codes (user_id, code_hash)
          SELECT ${userId}, code_hash FROM jsonb_array_elements_text(${JSON.stringify(codeHashes)}::jsonb) AS code_hash
          WHERE (SELECT count(*) FROM gone) >= 0
          ON CONFLICT DO NOTHING`)
        }),
      ),

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
