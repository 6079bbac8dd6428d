import { addSeconds } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { uuidv7 } from '../crypto/random.js'
import { ForbiddenError, InvalidRequestError } from '../errors/errors.js'
import type { ApiKeyRecord } from '../storage/types.js'
import { generateApiKey } from './api-key-token.js'

/** A scope: a short lower-case name such as `posts:read`, or `*` for everything. */
const SCOPE_PATTERN = /^(\*|[a-z][a-z0-9:._-]{0,63})$/

/** Longest life an API key may be given: one year. */
export const MAX_API_KEY_TTL_SECONDS = 365 * 86_400

/** An API key as its owner sees it: never the key itself, never its hash. */
export interface ApiKeyInfo {
  id: string
  name: string
  start: string
  scopes: string[]
  createdAt: Date
  expiresAt: Date | null
  lastUsedAt: Date | null
}

/** Whether `granted` (a principal's scopes) covers `scope`. */
export function grantsScope(granted: readonly string[], scope: string): boolean {
  return granted.includes('*') || granted.includes(scope)
}

/** The public view of a stored key. */
export function toApiKeyInfo(record: ApiKeyRecord): ApiKeyInfo {
  return {
    id: record.id,
    name: record.name,
    start: record.start,
    scopes: [...record.scopes],
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
  }
}

/**
 * Creates an API key for `userId`, never granting more than `callerScopes` (a key cannot mint a
 * stronger key). The key is returned once; storage keeps its SHA-256.
 * @throws {InvalidRequestError} bad scopes or expiry. @throws {ForbiddenError} a scope the caller lacks.
 */
export async function createApiKey(
  deps: Deps,
  userId: string,
  input: { name: string; scopes?: readonly string[]; expiresInSeconds?: number | null },
  callerScopes: readonly string[],
): Promise<{ key: string; apiKey: ApiKeyInfo }> {
  const name = input.name.trim()
  if (name.length < 1 || name.length > 100)
    throw new InvalidRequestError('invalid name', { fields: { name: 'invalid' } })
  const scopes = [...new Set(input.scopes ?? [])]
  if (scopes.length > 50 || !scopes.every((scope) => SCOPE_PATTERN.test(scope)))
    throw new InvalidRequestError('invalid scopes', { fields: { scopes: 'invalid' } })
  if (
    !scopes.every(
      (scope) => grantsScope(callerScopes, scope) && (scope !== '*' || callerScopes.includes('*')),
    )
  )
    throw new ForbiddenError('an API key cannot have scopes its creator lacks')
  const ttl = input.expiresInSeconds ?? null
  if (ttl !== null && (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_API_KEY_TTL_SECONDS))
    throw new InvalidRequestError('expiresIn must be 60 seconds to one year', {
      fields: { expiresIn: 'invalid' },
    })
  const now = deps.clock.now()
  const { key, keyHash, start } = generateApiKey()
  const record: ApiKeyRecord = {
    id: uuidv7(now),
    userId,
    name,
    start,
    keyHash,
    scopes,
    createdAt: now,
    expiresAt: ttl === null ? null : addSeconds(now, ttl),
    lastUsedAt: null,
  }
  await deps.storage.createApiKey(record)
  return { key, apiKey: toApiKeyInfo(record) }
}
