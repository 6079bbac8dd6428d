import type { RefreshTokenRecord } from '@portcullis/core'
import { encodeDate, type FieldPairs, FieldReader } from './fields.js'

/**
 * A refresh token as hash fields, without `familyId` (which `rotateRefreshToken` takes from
 * the presented token, not from the caller): `scopes` as JSON text, dates as epoch
 * milliseconds, `sessionId` and `spentAt` absent when null.
 *
 * @param token - the record
 * @returns the `HSET` field/value pairs
 */
export function encodeRefreshTokenFields(token: Omit<RefreshTokenRecord, 'familyId'>): FieldPairs {
  const pairs: FieldPairs = [
    'tokenHash',
    token.tokenHash,
    'userId',
    token.userId,
    'scopes',
    JSON.stringify(token.scopes),
    'createdAt',
    encodeDate(token.createdAt),
    'expiresAt',
    encodeDate(token.expiresAt),
    'familyExpiresAt',
    encodeDate(token.familyExpiresAt),
  ]
  if (token.sessionId !== null) pairs.push('sessionId', token.sessionId)
  if (token.spentAt !== null) pairs.push('spentAt', encodeDate(token.spentAt))
  return pairs
}

/**
 * A refresh token as hash fields, `familyId` first.
 *
 * @param token - the record
 * @returns the `HSET` field/value pairs
 */
export function encodeRefreshToken(token: RefreshTokenRecord): FieldPairs {
  return ['familyId', token.familyId, ...encodeRefreshTokenFields(token)]
}

/**
 * A refresh token read back from its hash fields: a fresh object the caller may keep.
 *
 * @param fields - the hash
 * @returns the record
 * @throws {import('@portcullis/core').StorageUnavailableError} when a field is missing or malformed
 */
export function decodeRefreshToken(fields: Map<string, string>): RefreshTokenRecord {
  const read = new FieldReader(fields, 'refresh token record')
  return {
    tokenHash: read.string('tokenHash'),
    familyId: read.string('familyId'),
    userId: read.string('userId'),
    sessionId: read.nullableString('sessionId'),
    scopes: read.stringArray('scopes'),
    createdAt: read.date('createdAt'),
    expiresAt: read.date('expiresAt'),
    familyExpiresAt: read.date('familyExpiresAt'),
    spentAt: read.nullableDate('spentAt'),
  }
}
