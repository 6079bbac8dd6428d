import { randomUUID } from 'node:crypto'
import { type ApiKeyRecord, addSeconds, type RefreshTokenRecord } from '@portcullis/core'

let counter = 0

/** A hex string unique in this process, 64 characters like a SHA-256. */
function uniqueHash(): string {
  counter += 1
  return `${randomUUID().replaceAll('-', '')}${String(counter).padStart(32, '0')}`
}

/**
 * A refresh token of `userId` for these tests: a fresh hash and family, live for an hour, its
 * family for a day.
 */
export function refreshToken(
  overrides: Partial<RefreshTokenRecord> & Pick<RefreshTokenRecord, 'userId' | 'createdAt'>,
): RefreshTokenRecord {
  const { createdAt } = overrides
  return {
    tokenHash: uniqueHash(),
    familyId: `family-${uniqueHash().slice(0, 16)}`,
    sessionId: null,
    scopes: ['read'],
    expiresAt: addSeconds(createdAt, 3600),
    familyExpiresAt: addSeconds(createdAt, 86_400),
    spentAt: null,
    ...overrides,
  }
}

/** An API key of `userId` for these tests: a fresh id and hash, no expiry, never used. */
export function apiKey(
  overrides: Partial<ApiKeyRecord> & Pick<ApiKeyRecord, 'userId' | 'createdAt'>,
): ApiKeyRecord {
  const hash = uniqueHash()
  return {
    id: `key-${hash.slice(0, 16)}`,
    name: 'ci',
    start: `pcl_${hash.slice(0, 4)}`,
    keyHash: hash,
    scopes: ['read'],
    expiresAt: null,
    lastUsedAt: null,
    ...overrides,
  }
}
