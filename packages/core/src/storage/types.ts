/**
 * The storage port: what Portcullis needs from a database, as domain verbs that each adapter
 * can make atomic and answer in one round trip. Split by concern so an app can compose stores
 * (users in SQL, sessions and counters in Redis).
 *
 * Conventions every adapter follows (and `@portcullis/core/testing` checks):
 * - secrets arrive already hashed; an adapter never sees a token or a password;
 * - a record past its expiry is absent on read, whether or not it was purged;
 * - a backend failure is thrown as `StorageUnavailableError`, with nothing half-written;
 * - dates go in and come out as `Date`; records returned are fresh objects the caller may keep.
 */

/** A user as stored. `passwordHash` never leaves core: the app sees {@link import('../users/types.js').User}. */
export interface UserRecord {
  /** Time-ordered UUID (v7). */
  id: string
  /** Email as the user typed it, trimmed and NFC-normalised, domain lower-cased. */
  email: string
  /** Lower-cased `email`: the unique key. */
  emailKey: string
  emailVerified: boolean
  /** Username as chosen, or null. */
  username: string | null
  /** Lower-cased NFC `username`: the unique key, or null. */
  usernameKey: string | null
  /** PHC string of the password hash, or null for accounts without a password. */
  passwordHash: string | null
  isActive: boolean
  roles: string[]
  /** The app's custom fields, as validated by its schema (JSON-serialisable). */
  fields: Record<string, unknown>
  createdAt: Date
  updatedAt: Date
  lastLoginAt: Date | null
}

/** Fields a user update may change. Absent keys are left alone. */
export interface UserPatch {
  email?: string
  emailKey?: string
  emailVerified?: boolean
  username?: string | null
  usernameKey?: string | null
  passwordHash?: string | null
  isActive?: boolean
  roles?: string[]
  fields?: Record<string, unknown>
  lastLoginAt?: Date | null
  updatedAt: Date
}

/** Thrown by {@link UserStore.createUser} / {@link UserStore.updateUser} on a unique-key clash. */
export class UniqueConstraintError extends Error {
  readonly field: 'email' | 'username'
  constructor(field: 'email' | 'username') {
    super(`${field} already exists`)
    this.name = 'UniqueConstraintError'
    this.field = field
  }
}

export interface UserStore {
  /**
   * Inserts a user. Throws {@link UniqueConstraintError} when `emailKey` or `usernameKey` is
   * taken (naming `email` when both are), writing nothing.
   */
  createUser(user: UserRecord): Promise<void>
  getUserById(id: string): Promise<UserRecord | null>
  getUserByEmail(emailKey: string): Promise<UserRecord | null>
  getUserByUsername(usernameKey: string): Promise<UserRecord | null>
  /**
   * Applies `patch` and returns the updated user, or null when there is no such user.
   * Throws {@link UniqueConstraintError} on a clash, leaving the user unchanged.
   */
  updateUser(id: string, patch: UserPatch): Promise<UserRecord | null>
  /**
   * Sets `passwordHash` only if it still equals `expectedHash` (compare-and-set), so that a
   * rehash on login never overwrites a password changed meanwhile. Returns whether it wrote.
   */
  replacePasswordHash(id: string, expectedHash: string, newHash: string, updatedAt: Date): Promise<boolean>
  /** Deletes the user and everything of theirs (sessions, tokens). Returns whether it existed. */
  deleteUser(id: string): Promise<boolean>
  /** Users in id order (code-point order of the ids), `limit` at most, after `cursor` (an id) when given. */
  listUsers(options: { limit: number; cursor?: string }): Promise<UserRecord[]>
}

/** A session as stored: the token's secret is kept only as its SHA-256. */
export interface SessionRecord {
  /** Random, public half of the token (also the id shown in session lists). */
  id: string
  userId: string
  /** SHA-256 (hex) of the token's secret half. */
  secretHash: string
  createdAt: Date
  /** Last time the session was seen, updated at most every `touchIntervalSeconds`. */
  lastSeenAt: Date
  /** Absolute end of the session; it never moves. */
  expiresAt: Date
  /** Idle deadline: `lastSeenAt` + idle timeout, capped at `expiresAt`. */
  idleExpiresAt: Date
  ip: string | null
  userAgent: string | null
}

export interface SessionStore {
  /**
   * Stores a session. `userId` names an existing user (a SQL store enforces it with a foreign
   * key, so sessions in SQL need their users in the same database); an existing id is replaced.
   */
  createSession(session: SessionRecord): Promise<void>
  /**
   * The session with its user, in one round trip, or null if either is missing, or the
   * session is past `expiresAt` or `idleExpiresAt` at `now`.
   */
  getSessionAndUser(id: string, now: Date): Promise<{ session: SessionRecord; user: UserRecord } | null>
  /**
   * The session alone, or null when missing or expired at `now`. Used when sessions and users
   * live in different stores (see `composeStorage`); prefer {@link getSessionAndUser}.
   */
  getSession(id: string, now: Date): Promise<SessionRecord | null>
  /** Records activity: sets `lastSeenAt` and `idleExpiresAt`. */
  touchSession(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void>
  /** The user's live sessions at `now`, newest first. */
  listUserSessions(userId: string, now: Date): Promise<SessionRecord[]>
  /** Deletes one session if it belongs to `userId`. Returns whether it did. */
  deleteUserSession(userId: string, sessionId: string): Promise<boolean>
  /** Deletes one session by id, whoever owns it (logout). */
  deleteSession(id: string): Promise<void>
  /**
   * Deletes all of a user's sessions except `exceptSessionId`. Returns how many it deleted
   * (the count may include expired sessions not yet purged).
   */
  deleteUserSessions(userId: string, exceptSessionId?: string): Promise<number>
}

/** A one-time token (email verification, password reset, 2FA challenge), stored hashed. */
export interface OneTimeTokenRecord {
  /** SHA-256 (hex) of the token: the lookup key. */
  tokenHash: string
  /** What the token is for, e.g. `password_reset`; a token only works for its purpose. */
  purpose: string
  userId: string
  /** Extra JSON data bound to the token (e.g. the email it was sent to). */
  data: Record<string, unknown>
  createdAt: Date
  expiresAt: Date
}

export interface TokenStore {
  /** Stores a token. `userId` names an existing user; an existing purpose and hash is replaced. */
  createToken(token: OneTimeTokenRecord): Promise<void>
  /**
   * Atomically deletes and returns the token with this purpose and hash if it has not expired
   * at `now`. Under concurrency exactly one caller gets it; an expired token is deleted and null.
   */
  consumeToken(purpose: string, tokenHash: string, now: Date): Promise<OneTimeTokenRecord | null>
  /** Deletes the user's tokens of one purpose (or of every purpose). Returns how many. */
  deleteUserTokens(userId: string, purpose?: string): Promise<number>
}

/** State of a fixed-window counter. */
export interface RateLimitState {
  /** Hits in the current window, this one included. */
  count: number
  /** When the window ends and the count starts again from zero. */
  resetAt: Date
}

export interface RateLimitStore {
  /**
   * Atomically adds one hit to `key`'s counter and returns the new state. A counter whose
   * window ended at or before `now` restarts at 1 with `resetAt = now + windowSeconds`.
   */
  hitRateLimit(key: string, windowSeconds: number, now: Date): Promise<RateLimitState>
  /** Forgets `key`'s counter (after a successful login, say). */
  resetRateLimit(key: string): Promise<void>
}

/** Everything core needs. A storage package returns one object implementing all four. */
export interface Storage extends UserStore, SessionStore, TokenStore, RateLimitStore {}
