import type { OneTimeTokenRecord } from '@portcullis/core'
import { encodeDate, type FieldPairs, FieldReader } from './fields.js'

/**
 * A one-time token as hash fields: `data` as JSON text, dates as epoch milliseconds, `userId`
 * absent when null (a token bound to no user yet).
 *
 * @param token - the record
 * @returns the `HSET` field/value pairs
 */
export function encodeToken(token: OneTimeTokenRecord): FieldPairs {
  const pairs: FieldPairs = [
    'tokenHash',
    token.tokenHash,
    'purpose',
    token.purpose,
    'data',
    JSON.stringify(token.data),
    'createdAt',
    encodeDate(token.createdAt),
    'expiresAt',
    encodeDate(token.expiresAt),
  ]
  if (token.userId !== null) pairs.push('userId', token.userId)
  return pairs
}

/**
 * A token read back from its hash fields: a fresh object the caller may keep.
 *
 * @param fields - the hash
 * @returns the record
 * @throws {import('@portcullis/core').StorageUnavailableError} when a field is missing or malformed
 */
export function decodeToken(fields: Map<string, string>): OneTimeTokenRecord {
  const read = new FieldReader(fields, 'token record')
  return {
    tokenHash: read.string('tokenHash'),
    purpose: read.string('purpose'),
    userId: read.nullableString('userId'),
    data: read.object('data'),
    createdAt: read.date('createdAt'),
    expiresAt: read.date('expiresAt'),
  }
}
