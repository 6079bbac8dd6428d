import type { OneTimeTokenRecord, SessionRecord, UserRecord } from '@portcullis/core'

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
  removeFromIndex(state.tokenKeysByUserId, token.userId, key)
  return true
}
