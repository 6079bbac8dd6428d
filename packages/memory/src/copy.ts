import type {
  ApiKeyRecord,
  OneTimeTokenRecord,
  PasskeyRecord,
  RefreshTokenRecord,
  SessionRecord,
  TotpFactorRecord,
  UserRecord,
} from '@portcullis/core'

/**
 * Deep copies of records, made on the way in and on the way out so that no caller ever holds
 * an object the store keeps. Each copies the record's own fields only (an extra property a
 * caller added is dropped, as a SQL column list would drop it).
 */

/** A deep copy of `user`: new Dates, a new roles array, a structured clone of `fields`. */
export function copyUser(user: UserRecord): UserRecord {
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
    fields: structuredClone(user.fields),
    createdAt: new Date(user.createdAt),
    updatedAt: new Date(user.updatedAt),
    lastLoginAt: user.lastLoginAt === null ? null : new Date(user.lastLoginAt),
  }
}

/** A deep copy of `session`. */
export function copySession(session: SessionRecord): SessionRecord {
  return {
    id: session.id,
    userId: session.userId,
    secretHash: session.secretHash,
    createdAt: new Date(session.createdAt),
    lastSeenAt: new Date(session.lastSeenAt),
    expiresAt: new Date(session.expiresAt),
    idleExpiresAt: new Date(session.idleExpiresAt),
    ip: session.ip,
    userAgent: session.userAgent,
  }
}

/** A deep copy of `token`: new Dates, a structured clone of `data`. */
export function copyToken(token: OneTimeTokenRecord): OneTimeTokenRecord {
  return {
    tokenHash: token.tokenHash,
    purpose: token.purpose,
    userId: token.userId,
    data: structuredClone(token.data),
    createdAt: new Date(token.createdAt),
    expiresAt: new Date(token.expiresAt),
  }
}

/** A deep copy of `token`: new Dates, a new scopes array. */
export function copyRefreshToken(token: RefreshTokenRecord): RefreshTokenRecord {
  return {
    tokenHash: token.tokenHash,
    familyId: token.familyId,
    userId: token.userId,
    sessionId: token.sessionId,
    scopes: [...token.scopes],
    createdAt: new Date(token.createdAt),
    expiresAt: new Date(token.expiresAt),
    familyExpiresAt: new Date(token.familyExpiresAt),
    spentAt: token.spentAt === null ? null : new Date(token.spentAt),
  }
}

/** A deep copy of `key`: new Dates, a new scopes array. */
export function copyApiKey(key: ApiKeyRecord): ApiKeyRecord {
  return {
    id: key.id,
    userId: key.userId,
    name: key.name,
    start: key.start,
    keyHash: key.keyHash,
    scopes: [...key.scopes],
    createdAt: new Date(key.createdAt),
    expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt),
    lastUsedAt: key.lastUsedAt === null ? null : new Date(key.lastUsedAt),
  }
}

export function copyTotpFactor(factor: TotpFactorRecord): TotpFactorRecord {
  return {
    userId: factor.userId,
    sealedSecret: factor.sealedSecret,
    enabled: factor.enabled,
    lastUsedStep: factor.lastUsedStep,
    createdAt: new Date(factor.createdAt),
    enabledAt: factor.enabledAt === null ? null : new Date(factor.enabledAt),
  }
}

export function copyPasskey(passkey: PasskeyRecord): PasskeyRecord {
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
    createdAt: new Date(passkey.createdAt),
    lastUsedAt: passkey.lastUsedAt === null ? null : new Date(passkey.lastUsedAt),
  }
}
