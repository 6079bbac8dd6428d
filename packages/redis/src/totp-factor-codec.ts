import type { TotpFactorRecord } from '@portcullis/core'
import { encodeBoolean, encodeDate, type FieldPairs, FieldReader } from './fields.js'

/**
 * A TOTP factor as hash fields: `enabled` as `1` / `0`, dates as epoch milliseconds,
 * `lastUsedStep` as a decimal integer (the scripts compare it with `tonumber`, exact below
 * 2^53), `lastUsedStep` and `enabledAt` absent when null. The secret is stored sealed, as given.
 *
 * @param factor - the record
 * @returns the `HSET` field/value pairs
 */
export function encodeTotpFactor(factor: TotpFactorRecord): FieldPairs {
  const pairs: FieldPairs = [
    'userId',
    factor.userId,
    'sealedSecret',
    factor.sealedSecret,
    'enabled',
    encodeBoolean(factor.enabled),
    'createdAt',
    encodeDate(factor.createdAt),
  ]
  if (factor.lastUsedStep !== null) pairs.push('lastUsedStep', encodeStep(factor.lastUsedStep))
  if (factor.enabledAt !== null) pairs.push('enabledAt', encodeDate(factor.enabledAt))
  return pairs
}

/**
 * A time step in decimal, never in exponent notation.
 *
 * @param step - a non-negative safe integer
 * @returns e.g. `666666667`
 * @throws {RangeError} when `step` is not a non-negative safe integer
 */
export function encodeStep(step: number): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError('a TOTP step is an integer in [0, 2^53)')
  return String(step)
}

/**
 * A TOTP factor read back from its hash fields: a fresh object the caller may keep.
 *
 * @param fields - the hash
 * @returns the record
 * @throws {import('@portcullis/core').StorageUnavailableError} when a field is missing or malformed
 */
export function decodeTotpFactor(fields: Map<string, string>): TotpFactorRecord {
  const read = new FieldReader(fields, 'TOTP factor record')
  return {
    userId: read.string('userId'),
    sealedSecret: read.string('sealedSecret'),
    enabled: read.boolean('enabled'),
    lastUsedStep: read.nullableInteger('lastUsedStep'),
    createdAt: read.date('createdAt'),
    enabledAt: read.nullableDate('enabledAt'),
  }
}
