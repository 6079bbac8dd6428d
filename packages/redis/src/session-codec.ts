import type { SessionRecord } from '@portcullis/core'
import { encodeDate, type FieldPairs, FieldReader } from './fields.js'

/**
 * A session as hash fields: dates as epoch milliseconds (the scripts compare `expiresAt` and
 * `idleExpiresAt` with the caller's `now`), `ip` and `userAgent` absent when null.
 *
 * @param session - the record
 * @returns the `HSET` field/value pairs
 */
export function encodeSession(session: SessionRecord): FieldPairs {
  const pairs: FieldPairs = [
    'id',
    session.id,
    'userId',
    session.userId,
    'secretHash',
    session.secretHash,
    'createdAt',
    encodeDate(session.createdAt),
    'lastSeenAt',
    encodeDate(session.lastSeenAt),
    'expiresAt',
    encodeDate(session.expiresAt),
    'idleExpiresAt',
    encodeDate(session.idleExpiresAt),
  ]
  if (session.ip !== null) pairs.push('ip', session.ip)
  if (session.userAgent !== null) pairs.push('userAgent', session.userAgent)
  return pairs
}

/**
 * When Redis may evict the session: the earlier of its absolute and idle deadlines.
 *
 * @param session - the record
 * @returns epoch milliseconds in decimal, for `PEXPIREAT`
 */
export function sessionDeadline(session: SessionRecord): string {
  return String(Math.min(session.expiresAt.getTime(), session.idleExpiresAt.getTime()))
}

/**
 * A session read back from its hash fields: a fresh object the caller may keep.
 *
 * @param fields - the hash
 * @returns the record
 * @throws {import('@portcullis/core').StorageUnavailableError} when a field is missing or malformed
 */
export function decodeSession(fields: Map<string, string>): SessionRecord {
  const read = new FieldReader(fields, 'session record')
  return {
    id: read.string('id'),
    userId: read.string('userId'),
    secretHash: read.string('secretHash'),
    createdAt: read.date('createdAt'),
    lastSeenAt: read.date('lastSeenAt'),
    expiresAt: read.date('expiresAt'),
    idleExpiresAt: read.date('idleExpiresAt'),
    ip: read.nullableString('ip'),
    userAgent: read.nullableString('userAgent'),
  }
}
