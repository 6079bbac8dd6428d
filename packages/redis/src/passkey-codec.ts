import type { PasskeyRecord } from '@portcullis/core'
import { encodeBoolean, encodeDate, type FieldPairs, FieldReader } from './fields.js'

/**
 * A passkey as hash fields: `algorithm` and `signCount` as decimal integers, `transports` as
 * JSON text, `backedUp` as `1` / `0`, dates as epoch milliseconds, `lastUsedAt` absent when null.
 *
 * @param passkey - the record
 * @returns the `HSET` field/value pairs
 */
export function encodePasskey(passkey: PasskeyRecord): FieldPairs {
  const pairs: FieldPairs = [
    'id',
    passkey.id,
    'userId',
    passkey.userId,
    'credentialId',
    passkey.credentialId,
    'publicKey',
    passkey.publicKey,
    'algorithm',
    encodeInteger(passkey.algorithm),
    'signCount',
    encodeInteger(passkey.signCount),
    'transports',
    JSON.stringify(passkey.transports),
    'name',
    passkey.name,
    'backedUp',
    encodeBoolean(passkey.backedUp),
    'createdAt',
    encodeDate(passkey.createdAt),
  ]
  if (passkey.lastUsedAt !== null) pairs.push('lastUsedAt', encodeDate(passkey.lastUsedAt))
  return pairs
}

/**
 * An integer in decimal, as the scripts compare it.
 *
 * @param value - a safe integer
 * @returns e.g. `-7`
 * @throws {RangeError} when `value` is not a safe integer
 */
export function encodeInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`)
  return String(value)
}

/**
 * A passkey read back from its hash fields: a fresh object the caller may keep.
 *
 * @param fields - the hash
 * @returns the record
 * @throws {import('@portcullis/core').StorageUnavailableError} when a field is missing or malformed
 */
export function decodePasskey(fields: Map<string, string>): PasskeyRecord {
  const read = new FieldReader(fields, 'passkey record')
  return {
    id: read.string('id'),
    userId: read.string('userId'),
    credentialId: read.string('credentialId'),
    publicKey: read.string('publicKey'),
    algorithm: read.integer('algorithm'),
    signCount: read.integer('signCount'),
    transports: read.stringArray('transports'),
    name: read.string('name'),
    backedUp: read.boolean('backedUp'),
    createdAt: read.date('createdAt'),
    lastUsedAt: read.nullableDate('lastUsedAt'),
  }
}
