import { addSeconds } from '../clock/clock.js'
import { hashToken } from '../crypto/hash.js'
import { randomBytes, randomToken, uuidv7 } from '../crypto/random.js'
import type {
  ApiKeyRecord,
  OneTimeTokenRecord,
  PasskeyRecord,
  RefreshTokenRecord,
  SessionRecord,
  TotpFactorRecord,
  UserRecord,
} from '../storage/types.js'

/** Absolute lifetime of a built session: 30 days. */
const SESSION_LIFETIME_SECONDS = 30 * 24 * 60 * 60
/** Idle timeout of a built session: 7 days, capped at its absolute end. */
const SESSION_IDLE_SECONDS = 7 * 24 * 60 * 60
/** Lifetime of a built one-time token: 1 hour. */
const TOKEN_LIFETIME_SECONDS = 60 * 60
/** Bytes of the random public session id: 160 bits, unguessable and short. */
const SESSION_ID_BYTES = 20
/** Lifetime of a built refresh token: 7 days, capped at its family's end. */
const REFRESH_TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60
/** Absolute lifetime of a built refresh-token family: 30 days. */
const REFRESH_FAMILY_LIFETIME_SECONDS = 30 * 24 * 60 * 60
/** Recognisable prefix of a built API key. */
const API_KEY_PREFIX = 'pcl_'
/** Characters of a built API key kept in `start`: the prefix and four more. */
const API_KEY_START_LENGTH = 8

/**
 * Builds a valid {@link UserRecord} for tests: a fresh uuidv7 id, a unique `@example.com`
 * email, no username, a placeholder argon2id PHC hash, active, no roles, no fields.
 * `emailKey` and `usernameKey` follow `email` and `username` (lower-cased) unless given, and
 * `updatedAt` follows `createdAt`, which defaults to the real current time.
 *
 * @param overrides - fields to set instead of the defaults
 * @returns a new record, not stored anywhere
 * @example
 * ```ts
 * const user = buildUser({ email: 'Ada@Example.com', username: 'Ada', createdAt: clock.now() })
 * user.emailKey    // 'ada@example.com'
 * await storage.createUser(user)
 * ```
 */
export function buildUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const o = overrides
  const createdAt = o.createdAt ?? new Date()
  const email = o.email ?? `user-${randomHex(8)}@example.com`
  const username = given(o.username, null)
  return {
    id: o.id ?? uuidv7(createdAt),
    email,
    emailKey: o.emailKey ?? email.toLowerCase(),
    emailVerified: o.emailVerified ?? false,
    username,
    usernameKey: given(o.usernameKey, username === null ? null : username.normalize('NFC').toLowerCase()),
    passwordHash: given(
      o.passwordHash,
      `$argon2id$v=19$m=19456,t=2,p=1$${randomToken(16)}$${randomToken(32)}`,
    ),
    isActive: o.isActive ?? true,
    roles: o.roles ?? [],
    fields: o.fields ?? {},
    createdAt,
    updatedAt: o.updatedAt ?? createdAt,
    lastLoginAt: given(o.lastLoginAt, null),
  }
}

/**
 * Builds a valid {@link SessionRecord} for tests: a random id, the SHA-256 of a random
 * secret, seen at `createdAt` (default: the real current time), ending 30 days later, idle
 * deadline 7 days after `lastSeenAt` (capped at `expiresAt`), a documentation IP and user agent.
 *
 * @param overrides - `userId` and any fields to set instead of the defaults
 * @returns a new record, not stored anywhere
 * @example
 * ```ts
 * const session = buildSession({ userId: user.id, createdAt: clock.now() })
 * await storage.createSession(session)
 * ```
 */
export function buildSession(
  overrides: Partial<SessionRecord> & Pick<SessionRecord, 'userId'>,
): SessionRecord {
  const o = overrides
  const createdAt = o.createdAt ?? new Date()
  const lastSeenAt = o.lastSeenAt ?? createdAt
  const expiresAt = o.expiresAt ?? addSeconds(createdAt, SESSION_LIFETIME_SECONDS)
  const idleDeadline = addSeconds(lastSeenAt, SESSION_IDLE_SECONDS)
  return {
    id: o.id ?? randomToken(SESSION_ID_BYTES),
    userId: o.userId,
    secretHash: o.secretHash ?? hashToken(randomToken()),
    createdAt,
    lastSeenAt,
    expiresAt,
    idleExpiresAt: o.idleExpiresAt ?? new Date(Math.min(idleDeadline.getTime(), expiresAt.getTime())),
    ip: given(o.ip, '192.0.2.10'),
    userAgent: given(o.userAgent, 'Mozilla/5.0 (portcullis conformance)'),
  }
}

/**
 * Builds a valid {@link OneTimeTokenRecord} for tests: the SHA-256 of a random token, purpose
 * `email_verification`, no data, created at `createdAt` (default: the real current time) and
 * expiring one hour later.
 *
 * @param overrides - `userId` and any fields to set instead of the defaults
 * @returns a new record, not stored anywhere
 * @example
 * ```ts
 * const token = buildToken({ userId: user.id, purpose: 'password_reset', createdAt: clock.now() })
 * await storage.createToken(token)
 * ```
 */
export function buildToken(
  overrides: Partial<OneTimeTokenRecord> & Pick<OneTimeTokenRecord, 'userId'>,
): OneTimeTokenRecord {
  const o = overrides
  const createdAt = o.createdAt ?? new Date()
  return {
    tokenHash: o.tokenHash ?? hashToken(randomToken()),
    purpose: o.purpose ?? 'email_verification',
    userId: o.userId,
    data: o.data ?? {},
    createdAt,
    expiresAt: o.expiresAt ?? addSeconds(createdAt, TOKEN_LIFETIME_SECONDS),
  }
}

/**
 * Builds a valid {@link RefreshTokenRecord} for tests: the SHA-256 of a random token, a fresh
 * uuidv7 family, no session, no scopes, created at `createdAt` (default: the real current
 * time), a family ending 30 days later, the token expiring 7 days later (capped at the family's
 * end), unspent.
 *
 * @param overrides - `userId` and any fields to set instead of the defaults
 * @returns a new record, not stored anywhere
 * @example
 * ```ts
 * const first = buildRefreshToken({ userId: user.id, createdAt: clock.now() })
 * await storage.createRefreshToken(first)
 * const next = buildRefreshToken({ userId: user.id, familyId: first.familyId, createdAt: clock.now() })
 * await storage.rotateRefreshToken(first.tokenHash, next, clock.now())
 * ```
 */
export function buildRefreshToken(
  overrides: Partial<RefreshTokenRecord> & Pick<RefreshTokenRecord, 'userId'>,
): RefreshTokenRecord {
  const o = overrides
  const createdAt = o.createdAt ?? new Date()
  const familyExpiresAt = o.familyExpiresAt ?? addSeconds(createdAt, REFRESH_FAMILY_LIFETIME_SECONDS)
  const tokenDeadline = addSeconds(createdAt, REFRESH_TOKEN_LIFETIME_SECONDS)
  return {
    tokenHash: o.tokenHash ?? hashToken(randomToken()),
    familyId: o.familyId ?? uuidv7(createdAt),
    userId: o.userId,
    sessionId: given(o.sessionId, null),
    scopes: o.scopes ?? [],
    createdAt,
    expiresAt: o.expiresAt ?? new Date(Math.min(tokenDeadline.getTime(), familyExpiresAt.getTime())),
    familyExpiresAt,
    spentAt: given(o.spentAt, null),
  }
}

/**
 * Builds a valid {@link ApiKeyRecord} for tests: a fresh uuidv7 id, a random `pcl_` key of which
 * `start` keeps the first 8 characters and `keyHash` the SHA-256, no scopes, created at
 * `createdAt` (default: the real current time), never expiring, never used.
 *
 * @param overrides - `userId` and any fields to set instead of the defaults
 * @returns a new record, not stored anywhere
 * @example
 * ```ts
 * const key = buildApiKey({ userId: user.id, scopes: ['read'], createdAt: clock.now() })
 * await storage.createApiKey(key)
 * ```
 */
export function buildApiKey(overrides: Partial<ApiKeyRecord> & Pick<ApiKeyRecord, 'userId'>): ApiKeyRecord {
  const o = overrides
  const createdAt = o.createdAt ?? new Date()
  const key = `${API_KEY_PREFIX}${randomToken()}`
  return {
    id: o.id ?? uuidv7(createdAt),
    userId: o.userId,
    name: o.name ?? 'conformance key',
    start: o.start ?? key.slice(0, API_KEY_START_LENGTH),
    keyHash: o.keyHash ?? hashToken(key),
    scopes: o.scopes ?? [],
    createdAt,
    expiresAt: given(o.expiresAt, null),
    lastUsedAt: given(o.lastUsedAt, null),
  }
}

/** `value` unless it is undefined (absent): unlike `??`, an explicit null is kept. */
function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value
}

function randomHex(byteLength: number): string {
  return Array.from(randomBytes(byteLength), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Builds a valid {@link TotpFactorRecord} for tests: a random stand-in for a sealed secret,
 * pending (not enabled), no step used yet, created at `createdAt` (default: the real current time).
 *
 * @param overrides - `userId` and any fields to set instead of the defaults
 * @returns a new record, not stored anywhere
 * @example
 * ```ts
 * await storage.putTotpFactor(buildTotpFactor({ userId: user.id, createdAt: clock.now() }))
 * ```
 */
export function buildTotpFactor(
  overrides: Partial<TotpFactorRecord> & Pick<TotpFactorRecord, 'userId'>,
): TotpFactorRecord {
  const o = overrides
  return {
    userId: o.userId,
    sealedSecret: o.sealedSecret ?? `v1.${randomToken(12)}.${randomToken(36)}`,
    enabled: o.enabled ?? false,
    lastUsedStep: given(o.lastUsedStep, null),
    createdAt: o.createdAt ?? new Date(),
    enabledAt: given(o.enabledAt, null),
  }
}

/**
 * Builds a valid {@link PasskeyRecord} for tests: a fresh uuidv7 id, a random 32-byte credential
 * id and a random stand-in for a COSE key (base64url), ES256, counter 0, transport `internal`,
 * not backed up, never used, created at `createdAt` (default: the real current time).
 *
 * @param overrides - `userId` and any fields to set instead of the defaults
 * @returns a new record, not stored anywhere
 * @example
 * ```ts
 * await storage.createPasskey(buildPasskey({ userId: user.id, name: 'Laptop', createdAt: clock.now() }))
 * ```
 */
export function buildPasskey(
  overrides: Partial<PasskeyRecord> & Pick<PasskeyRecord, 'userId'>,
): PasskeyRecord {
  const o = overrides
  const createdAt = o.createdAt ?? new Date()
  return {
    id: o.id ?? uuidv7(createdAt),
    userId: o.userId,
    credentialId: o.credentialId ?? randomToken(32),
    publicKey: o.publicKey ?? randomToken(77),
    algorithm: o.algorithm ?? -7,
    signCount: o.signCount ?? 0,
    transports: o.transports ?? ['internal'],
    name: o.name ?? 'Passkey',
    backedUp: o.backedUp ?? false,
    createdAt,
    lastUsedAt: given(o.lastUsedAt, null),
  }
}
