import type {
  ApiKeyRecord,
  OneTimeTokenRecord,
  PasskeyRecord,
  RefreshTokenRecord,
  SessionRecord,
  TotpFactorRecord,
  UserRecord,
} from '@portcullis/core'

/** A rate-limit counter: hits in the window, and when the window ends (epoch milliseconds). */
export interface Counter {
  count: number
  resetAtMs: number
}

/**
 * Everything one memory store holds: records by primary key plus the indexes that answer the
 * port's lookups without a scan. Every index is updated in the same synchronous step as its
 * record, so no reader ever sees one without the other.
 */
export interface MemoryState {
  users: Map<string, UserRecord>
  /** emailKey → user id: the unique email index. */
  userIdByEmailKey: Map<string, string>
  /** usernameKey → user id: the unique username index (users without a username are absent). */
  userIdByUsernameKey: Map<string, string>
  sessions: Map<string, SessionRecord>
  /** user id → ids of their sessions. */
  sessionIdsByUserId: Map<string, Set<string>>
  /** {@link tokenKey}(purpose, hash) → token. */
  tokens: Map<string, OneTimeTokenRecord>
  /** user id → token keys of their tokens. */
  tokenKeysByUserId: Map<string, Set<string>>
  /** rate-limit key → counter. */
  counters: Map<string, Counter>
  /** token hash → refresh token (spent ones too, until their family ends). */
  refreshTokens: Map<string, RefreshTokenRecord>
  /** family id → hashes of its refresh tokens. */
  refreshTokenHashesByFamilyId: Map<string, Set<string>>
  /** user id → hashes of their refresh tokens. */
  refreshTokenHashesByUserId: Map<string, Set<string>>
  /** API-key id → key. */
  apiKeys: Map<string, ApiKeyRecord>
  /** key hash → API-key id: the lookup index. */
  apiKeyIdByHash: Map<string, string>
  /** user id → ids of their API keys. */
  apiKeyIdsByUserId: Map<string, Set<string>>
  /** user id → TOTP factor. */
  totpFactors: Map<string, TotpFactorRecord>
  /** user id → hashes of their unused backup codes. */
  backupCodes: Map<string, Set<string>>
  /** passkey id → passkey. */
  passkeys: Map<string, PasskeyRecord>
  /** credential id → passkey id: the unique credential index. */
  passkeyIdByCredentialId: Map<string, string>
  /** user id → ids of their passkeys. */
  passkeyIdsByUserId: Map<string, Set<string>>
}

/** An empty state. */
export function createMemoryState(): MemoryState {
  return {
    users: new Map(),
    userIdByEmailKey: new Map(),
    userIdByUsernameKey: new Map(),
    sessions: new Map(),
    sessionIdsByUserId: new Map(),
    tokens: new Map(),
    tokenKeysByUserId: new Map(),
    counters: new Map(),
    refreshTokens: new Map(),
    refreshTokenHashesByFamilyId: new Map(),
    refreshTokenHashesByUserId: new Map(),
    apiKeys: new Map(),
    apiKeyIdByHash: new Map(),
    apiKeyIdsByUserId: new Map(),
    totpFactors: new Map(),
    backupCodes: new Map(),
    passkeys: new Map(),
    passkeyIdByCredentialId: new Map(),
    passkeyIdsByUserId: new Map(),
  }
}

/** The key of a token: purpose and hash together (JSON, so no separator can be forged). */
export function tokenKey(purpose: string, tokenHash: string): string {
  return JSON.stringify([purpose, tokenHash])
}

/** Whether a deadline has passed at `now`: a record is expired when `now >= deadline`. */
export function isPast(deadline: Date, now: Date): boolean {
  return now.getTime() >= deadline.getTime()
}

/** Whether `session` is expired at `now`, by its absolute or its idle deadline. */
export function isSessionExpired(session: SessionRecord, now: Date): boolean {
  return isPast(session.expiresAt, now) || isPast(session.idleExpiresAt, now)
}

/** Whether a refresh token is live at `now`: unspent, before its own expiry and its family's end. */
export function isRefreshTokenLive(token: RefreshTokenRecord, now: Date): boolean {
  return token.spentAt === null && !isPast(token.expiresAt, now) && !isPast(token.familyExpiresAt, now)
}

/**
 * Whether a refresh token can be dropped at `now`: its family has ended, or it is unspent and
 * past its own expiry. A spent token is kept until its family ends, so that presenting it again
 * is still recognised as reuse.
 */
export function isRefreshTokenDead(token: RefreshTokenRecord, now: Date): boolean {
  return isPast(token.familyExpiresAt, now) || (token.spentAt === null && isPast(token.expiresAt, now))
}

/** Whether an API key is expired at `now` (a null `expiresAt` never expires). */
export function isApiKeyExpired(key: ApiKeyRecord, now: Date): boolean {
  return key.expiresAt !== null && isPast(key.expiresAt, now)
}

/** Adds `value` to the set under `key`, creating the set. */
export function addToIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key)
  if (set) set.add(value)
  else index.set(key, new Set([value]))
}

/** Removes `value` from the set under `key`, dropping the set when it empties. */
export function removeFromIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key)
  if (!set) return
  set.delete(value)
  if (set.size === 0) index.delete(key)
}

/** Removes a session and its index entry. Returns whether it existed. */
export function removeSession(state: MemoryState, sessionId: string): boolean {
  const session = state.sessions.get(sessionId)
  if (!session) return false
  state.sessions.delete(sessionId)
  removeFromIndex(state.sessionIdsByUserId, session.userId, sessionId)
  return true
}

/** Removes a token and its index entry. Returns whether it existed. */
export function removeToken(state: MemoryState, key: string): boolean {
  const token = state.tokens.get(key)
  if (!token) return false
  state.tokens.delete(key)
  if (token.userId !== null) removeFromIndex(state.tokenKeysByUserId, token.userId, key)
  return true
}

/** Stores a refresh token (already copied) with its index entries, replacing one with the same hash. */
export function putRefreshToken(state: MemoryState, token: RefreshTokenRecord): void {
  removeRefreshToken(state, token.tokenHash)
  state.refreshTokens.set(token.tokenHash, token)
  addToIndex(state.refreshTokenHashesByFamilyId, token.familyId, token.tokenHash)
  addToIndex(state.refreshTokenHashesByUserId, token.userId, token.tokenHash)
}

/** Removes a refresh token and its index entries. Returns whether it existed. */
export function removeRefreshToken(state: MemoryState, tokenHash: string): boolean {
  const token = state.refreshTokens.get(tokenHash)
  if (!token) return false
  state.refreshTokens.delete(tokenHash)
  removeFromIndex(state.refreshTokenHashesByFamilyId, token.familyId, tokenHash)
  removeFromIndex(state.refreshTokenHashesByUserId, token.userId, tokenHash)
  return true
}

/** Removes every refresh token of a family. Returns how many. */
export function removeRefreshTokenFamily(state: MemoryState, familyId: string): number {
  let removed = 0
  for (const hash of [...(state.refreshTokenHashesByFamilyId.get(familyId) ?? [])]) {
    if (removeRefreshToken(state, hash)) removed += 1
  }
  return removed
}

/** Removes an API key and its index entries. Returns whether it existed. */
export function removeApiKey(state: MemoryState, id: string): boolean {
  const key = state.apiKeys.get(id)
  if (!key) return false
  state.apiKeys.delete(id)
  if (state.apiKeyIdByHash.get(key.keyHash) === id) state.apiKeyIdByHash.delete(key.keyHash)
  removeFromIndex(state.apiKeyIdsByUserId, key.userId, id)
  return true
}

/** Removes a passkey and its index entries. Returns whether it existed. */
export function removePasskey(state: MemoryState, id: string): boolean {
  const passkey = state.passkeys.get(id)
  if (!passkey) return false
  state.passkeys.delete(id)
  if (state.passkeyIdByCredentialId.get(passkey.credentialId) === id)
    state.passkeyIdByCredentialId.delete(passkey.credentialId)
  removeFromIndex(state.passkeyIdsByUserId, passkey.userId, id)
  return true
}
