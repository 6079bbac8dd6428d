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

/**
 * Thrown on a unique-key clash: by {@link UserStore.createUser} / {@link UserStore.updateUser}
 * (`email`, `username`) and {@link PasskeyStore.createPasskey} (`credentialId`).
 */
export class UniqueConstraintError extends Error {
  readonly field: 'email' | 'username' | 'credentialId'
  constructor(field: 'email' | 'username' | 'credentialId') {
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
  /**
   * Deletes the user and everything of theirs (sessions, one-time tokens, refresh tokens, API
   * keys, TOTP factor, backup codes, passkeys). Returns whether it existed.
   */
  deleteUser(id: string): Promise<boolean>
  /**
   * Users in id order (code-point order of the ids), `limit` at most, after `cursor` (an id) when
   * given, and only those whose `emailKey` starts with `emailPrefix` when given. The prefix is
   * literal: `%`, `_`, `*`, `?` and `\` in it match only themselves.
   */
  listUsers(options: ListUsersOptions): Promise<UserRecord[]>
}

/** Options of {@link UserStore.listUsers}. */
export interface ListUsersOptions {
  /** At most this many users (a positive integer). */
  limit: number
  /** Only users with an id after this one. */
  cursor?: string
  /** Only users whose `emailKey` starts with this (already lower-cased by core). */
  emailPrefix?: string
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
  /**
   * The user the token is for, or null for a token not bound to an account yet (the challenge of
   * a passwordless passkey login, issued before anyone is known).
   */
  userId: string | null
  /** Extra JSON data bound to the token (e.g. the email it was sent to). */
  data: Record<string, unknown>
  createdAt: Date
  expiresAt: Date
}

export interface TokenStore {
  /**
   * Stores a token. `userId` is null or names an existing user; an existing purpose and hash is
   * replaced.
   */
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

/**
 * A refresh token, stored hashed. Tokens of one login form a family; every use spends the token
 * and issues the next one in the same family (RFC 9700 §4.14.2). A spent token is kept, so that
 * presenting it again is recognised as reuse, until the family ends.
 */
export interface RefreshTokenRecord {
  /** SHA-256 (hex) of the token: the lookup key. */
  tokenHash: string
  familyId: string
  userId: string
  /** The session the family belongs to (ended with it), or null. */
  sessionId: string | null
  /** Scopes the tokens of this family grant. */
  scopes: string[]
  createdAt: Date
  /** This token's expiry (never after `familyExpiresAt`). */
  expiresAt: Date
  /** The family's absolute end: no token of it is valid after this. */
  familyExpiresAt: Date
  /** When this token was used (rotated), or null while it is the family's live token. */
  spentAt: Date | null
}

/** What {@link RefreshTokenStore.rotateRefreshToken} found. */
export type RotateRefreshTokenResult =
  /** The token was live: it is now spent and `next` is stored. */
  | { status: 'rotated'; previous: RefreshTokenRecord }
  /** The token was already spent: its whole family was deleted (reuse, RFC 9700). */
  | { status: 'reused'; previous: RefreshTokenRecord }
  /** No such token, or it or its family has expired at `now`. Nothing was written. */
  | { status: 'invalid' }

export interface RefreshTokenStore {
  createRefreshToken(token: RefreshTokenRecord): Promise<void>
  /**
   * Atomically spends the token with hash `tokenHash` and stores `next` (same family) in its
   * place. Under concurrency exactly one caller gets `rotated`; a caller presenting a spent
   * token gets `reused` and the family is deleted (every token of it, spent or live).
   * `next.familyId` is ignored: the next token joins the presented token's family.
   */
  rotateRefreshToken(
    tokenHash: string,
    next: RefreshTokenRecord,
    now: Date,
  ): Promise<RotateRefreshTokenResult>
  /** The live (unspent, unexpired) token with this hash, or null. Does not spend it. */
  getRefreshToken(tokenHash: string, now: Date): Promise<RefreshTokenRecord | null>
  /** Deletes every token of a family. Returns how many. */
  deleteRefreshTokenFamily(familyId: string): Promise<number>
  /** Deletes every refresh token of a user (password change, disable). Returns how many. */
  deleteUserRefreshTokens(userId: string): Promise<number>
}

/** An API key (personal access token), stored hashed. */
export interface ApiKeyRecord {
  /** Public id, shown in lists and used to delete the key. */
  id: string
  userId: string
  name: string
  /** The key's first characters (e.g. `pcl_AbC1`), shown so a user can tell keys apart. */
  start: string
  /** SHA-256 (hex) of the whole key: the lookup key. */
  keyHash: string
  scopes: string[]
  createdAt: Date
  /** Null: never expires. */
  expiresAt: Date | null
  /** Last use, written at most every few minutes. */
  lastUsedAt: Date | null
}

export interface ApiKeyStore {
  createApiKey(key: ApiKeyRecord): Promise<void>
  /** The key with this hash and its user, in one round trip; null when missing or expired at `now`. */
  getApiKeyAndUser(keyHash: string, now: Date): Promise<{ apiKey: ApiKeyRecord; user: UserRecord } | null>
  /** The user's unexpired keys at `now`, newest first. */
  listUserApiKeys(userId: string, now: Date): Promise<ApiKeyRecord[]>
  /** Deletes one key if it belongs to `userId`. Returns whether it did. */
  deleteUserApiKey(userId: string, id: string): Promise<boolean>
  /** Deletes every API key of a user. Returns how many. */
  deleteUserApiKeys(userId: string): Promise<number>
  /** Records a use. */
  touchApiKey(id: string, lastUsedAt: Date): Promise<void>
}

/**
 * A user's TOTP factor (RFC 6238). The secret must be recoverable, so it cannot be hashed: core
 * seals it (AES-GCM, bound to the user id) and the store only ever holds the sealed string.
 */
export interface TotpFactorRecord {
  userId: string
  /** The sealed secret: opaque to the store, compared as a whole string. */
  sealedSecret: string
  /** False while pending: set up, but not yet confirmed with a code (OTP-6). */
  enabled: boolean
  /**
   * The last time step a code was accepted for, or null. A code of this step or an earlier one
   * is never accepted again (OTP-4). Steps are integers below 2^53.
   */
  lastUsedStep: number | null
  createdAt: Date
  /** When the factor was confirmed, or null while pending. */
  enabledAt: Date | null
}

/** What {@link TwoFactorStore.getSecondFactors} returns: a user's second factors at a glance. */
export interface SecondFactors {
  /** The user's TOTP factor, pending or enabled, or null. */
  totp: TotpFactorRecord | null
  /** How many passkeys the user has. */
  passkeyCount: number
  /** How many unused backup codes the user has. */
  backupCodeCount: number
}

/** Second factors other than passkeys: the TOTP factor and the backup (recovery) codes. */
export interface TwoFactorStore {
  /** Stores the user's TOTP factor (one per user), replacing any. `userId` names an existing user. */
  putTotpFactor(factor: TotpFactorRecord): Promise<void>
  getTotpFactor(userId: string): Promise<TotpFactorRecord | null>
  /**
   * Atomically records that a code of time step `step` was accepted, and returns whether it
   * wrote. It writes only when the user's factor exists, its `sealedSecret` is still
   * `sealedSecret` (a setup redone meanwhile wins), `step` is greater than `lastUsedStep` (or that
   * is null), and the factor is enabled, unless `enabledAt` is given: then a pending factor is
   * accepted too and becomes enabled at `enabledAt` (confirming a setup). Under concurrency
   * exactly one caller wins a step.
   */
  acceptTotpStep(userId: string, sealedSecret: string, step: number, enabledAt?: Date): Promise<boolean>
  /** Deletes the user's TOTP factor. Returns whether there was one. */
  deleteTotpFactor(userId: string): Promise<boolean>
  /**
   * Replaces all of the user's backup codes with these SHA-256 hashes (hex); an empty list leaves
   * none. Old codes stop working at once.
   */
  replaceBackupCodes(userId: string, codeHashes: string[]): Promise<void>
  /** Atomically deletes one of the user's backup codes. True for exactly one caller, once. */
  consumeBackupCode(userId: string, codeHash: string): Promise<boolean>
  /** How many unused backup codes the user has. */
  countBackupCodes(userId: string): Promise<number>
  /**
   * The user's TOTP factor (as {@link TwoFactorStore.getTotpFactor} returns it), how many
   * passkeys (as many as {@link PasskeyStore.listUserPasskeys} lists) and how many unused backup
   * codes they have, in one round trip: every password login asks. Passkeys are counted here too
   * because `composeStorage` keeps them with the users and the second factors, in one store.
   * An unknown user has none: `{ totp: null, passkeyCount: 0, backupCodeCount: 0 }`.
   */
  getSecondFactors(userId: string): Promise<SecondFactors>
}

/** A WebAuthn credential (passkey). The public key is public: stored as is. */
export interface PasskeyRecord {
  /** Public id, shown in lists and used to delete the passkey. */
  id: string
  userId: string
  /** The credential id (base64url, at most 1023 bytes decoded): unique across all users. */
  credentialId: string
  /** The COSE public key (base64url). */
  publicKey: string
  /** COSE algorithm identifier: -7 (ES256), -8 (EdDSA), -257 (RS256). */
  algorithm: number
  /** The authenticator's signature counter at the last use (0 when it keeps none). */
  signCount: number
  /** Transport hints the browser reported (`internal`, `hybrid`, `usb`, …). */
  transports: string[]
  /** A name the user can tell it by. */
  name: string
  /** Whether the credential is backed up (synced passkey), as the authenticator said. */
  backedUp: boolean
  createdAt: Date
  lastUsedAt: Date | null
}

export interface PasskeyStore {
  /**
   * Stores a passkey. `userId` names an existing user. Throws {@link UniqueConstraintError}
   * (`credentialId`) when the credential id is registered to anyone, writing nothing (WA-2).
   */
  createPasskey(passkey: PasskeyRecord): Promise<void>
  /** The passkey with this credential id and its user, in one round trip, or null. */
  getPasskeyAndUser(credentialId: string): Promise<{ passkey: PasskeyRecord; user: UserRecord } | null>
  /** The user's passkeys, newest first. */
  listUserPasskeys(userId: string): Promise<PasskeyRecord[]>
  /** Deletes one passkey if it belongs to `userId`. Returns whether it did. */
  deleteUserPasskey(userId: string, id: string): Promise<boolean>
  /**
   * Records a use: sets `signCount` and `lastUsedAt` only if the stored `signCount` still equals
   * `expectedSignCount` (compare-and-set, so two assertions racing with one counter value cannot
   * both move it). Returns whether it wrote.
   */
  recordPasskeyUse(
    id: string,
    expectedSignCount: number,
    signCount: number,
    lastUsedAt: Date,
  ): Promise<boolean>
}

/** Everything core needs. A storage package returns one object implementing all of them. */
export interface Storage
  extends UserStore,
    SessionStore,
    TokenStore,
    RateLimitStore,
    RefreshTokenStore,
    ApiKeyStore,
    TwoFactorStore,
    PasskeyStore {}
