import type {
  ApiKeyRecord,
  OneTimeTokenRecord,
  PasskeyRecord,
  RefreshTokenRecord,
  SessionRecord,
  TotpFactorRecord,
  UserPatch,
  UserRecord,
} from '@portcullis/core'

/**
 * The values to insert for a user: its own fields only (an extra property a caller added is
 * dropped), with a new roles array. The column keys of both dialects' tables are the record's
 * field names, so one function serves both.
 *
 * @param user - the record to store
 * @returns the row values
 */
export function userRow(user: UserRecord): UserRecord {
  return {
    id: user.id,
    email: user.email,
    emailKey: user.emailKey,
    emailVerified: user.emailVerified,
    username: user.username,
    usernameKey: user.usernameKey,
    passwordHash: user.passwordHash,
    isActive: user.isActive,
    roles: [...user.roles],
    fields: user.fields,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastLoginAt: user.lastLoginAt,
  }
}

/**
 * The columns an update sets: the patch's present keys (a key whose value is undefined counts as
 * absent), `updatedAt` always. Roles and fields are replaced whole.
 *
 * @param patch - the port's patch
 * @returns the `SET` values
 */
export function userPatchValues(patch: UserPatch): UserPatch {
  const values: UserPatch = { updatedAt: patch.updatedAt }
  if (patch.email !== undefined) values.email = patch.email
  if (patch.emailKey !== undefined) values.emailKey = patch.emailKey
  if (patch.emailVerified !== undefined) values.emailVerified = patch.emailVerified
  if (patch.username !== undefined) values.username = patch.username
  if (patch.usernameKey !== undefined) values.usernameKey = patch.usernameKey
  if (patch.passwordHash !== undefined) values.passwordHash = patch.passwordHash
  if (patch.isActive !== undefined) values.isActive = patch.isActive
  if (patch.roles !== undefined) values.roles = [...patch.roles]
  if (patch.fields !== undefined) values.fields = patch.fields
  if (patch.lastLoginAt !== undefined) values.lastLoginAt = patch.lastLoginAt
  return values
}

/**
 * The values to insert for a session: its own fields only.
 *
 * @param session - the record to store
 * @returns the row values
 */
export function sessionRow(session: SessionRecord): SessionRecord {
  return {
    id: session.id,
    userId: session.userId,
    secretHash: session.secretHash,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: session.expiresAt,
    idleExpiresAt: session.idleExpiresAt,
    ip: session.ip,
    userAgent: session.userAgent,
  }
}

/**
 * The values to insert for a one-time token: its own fields only.
 *
 * @param token - the record to store
 * @returns the row values
 */
export function tokenRow(token: OneTimeTokenRecord): OneTimeTokenRecord {
  return {
    tokenHash: token.tokenHash,
    purpose: token.purpose,
    userId: token.userId,
    data: token.data,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
  }
}

/**
 * The values to insert for a refresh token: its own fields only, with a new scopes array.
 *
 * @param token - the record to store
 * @returns the row values
 */
export function refreshTokenRow(token: RefreshTokenRecord): RefreshTokenRecord {
  return {
    tokenHash: token.tokenHash,
    familyId: token.familyId,
    userId: token.userId,
    sessionId: token.sessionId,
    scopes: [...token.scopes],
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    familyExpiresAt: token.familyExpiresAt,
    spentAt: token.spentAt,
  }
}

/**
 * The values to insert for an API key: its own fields only, with a new scopes array.
 *
 * @param key - the record to store
 * @returns the row values
 */
export function apiKeyRow(key: ApiKeyRecord): ApiKeyRecord {
  return {
    id: key.id,
    userId: key.userId,
    name: key.name,
    start: key.start,
    keyHash: key.keyHash,
    scopes: [...key.scopes],
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
  }
}

/**
 * The values to insert for a TOTP factor: its own fields only.
 *
 * @param factor - the record to store
 * @returns the row values
 */
export function totpFactorRow(factor: TotpFactorRecord): TotpFactorRecord {
  return {
    userId: factor.userId,
    sealedSecret: factor.sealedSecret,
    enabled: factor.enabled,
    lastUsedStep: factor.lastUsedStep,
    createdAt: factor.createdAt,
    enabledAt: factor.enabledAt,
  }
}

/**
 * The values to insert for a passkey: its own fields only, with a new transports array.
 *
 * @param passkey - the record to store
 * @returns the row values
 */
export function passkeyRow(passkey: PasskeyRecord): PasskeyRecord {
  return {
    id: passkey.id,
    userId: passkey.userId,
    credentialId: passkey.credentialId,
    publicKey: passkey.publicKey,
    algorithm: passkey.algorithm,
    signCount: passkey.signCount,
    transports: [...passkey.transports],
    name: passkey.name,
    backedUp: passkey.backedUp,
    createdAt: passkey.createdAt,
    lastUsedAt: passkey.lastUsedAt,
  }
}

/**
 * The end of a rate-limit window opened at `now`, validating the window first.
 *
 * @param now - when the window opens
 * @param windowSeconds - its length
 * @returns `now + windowSeconds`, to the millisecond
 * @throws {RangeError} when `windowSeconds` is not a positive finite number
 */
export function windowEnd(now: Date, windowSeconds: number): Date {
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0)
    throw new RangeError('windowSeconds must be a positive number')
  return new Date(now.getTime() + Math.round(windowSeconds * 1000))
}

/**
 * A page size as SQL `LIMIT` takes it: a whole number, at least 0.
 *
 * @param limit - the caller's limit
 * @returns the limit to use
 */
export function pageSize(limit: number): number {
  if (Number.isNaN(limit)) return 0
  return Math.max(0, Math.min(Math.floor(limit), Number.MAX_SAFE_INTEGER))
}
