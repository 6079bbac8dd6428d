import type { ApiKeyRecord } from '@portcullis/core'
import { encodeDate, type FieldPairs, FieldReader } from './fields.js'

/**
 * An API key as hash fields: `scopes` as JSON text, dates as epoch milliseconds, `expiresAt`
 * and `lastUsedAt` absent when null.
 *
 * @param key - the record
 * @returns the `HSET` field/value pairs
 */
export function encodeApiKey(key: ApiKeyRecord): FieldPairs {
  const pairs: FieldPairs = [
    'id',
    key.id,
    'userId',
    key.userId,
    'name',
    key.name,
    'start',
    key.start,
    'keyHash',
    key.keyHash,
    'scopes',
    JSON.stringify(key.scopes),
    'createdAt',
    encodeDate(key.createdAt),
  ]
  if (key.expiresAt !== null) pairs.push('expiresAt', encodeDate(key.expiresAt))
  if (key.lastUsedAt !== null) pairs.push('lastUsedAt', encodeDate(key.lastUsedAt))
  return pairs
}

/**
 * An API key read back from its hash fields: a fresh object the caller may keep.
 *
 * @param fields - the hash
 * @returns the record
 * @throws {import('@portcullis/core').StorageUnavailableError} when a field is missing or malformed
 */
export function decodeApiKey(fields: Map<string, string>): ApiKeyRecord {
  const read = new FieldReader(fields, 'API key record')
  return {
    id: read.string('id'),
    userId: read.string('userId'),
    name: read.string('name'),
    start: read.string('start'),
    keyHash: read.string('keyHash'),
    scopes: read.stringArray('scopes'),
    createdAt: read.date('createdAt'),
    expiresAt: read.nullableDate('expiresAt'),
    lastUsedAt: read.nullableDate('lastUsedAt'),
  }
}
