import type {
  ApiKeyRecord,
  PasskeyRecord,
  RefreshTokenRecord,
  SessionRecord,
  UserRecord,
} from '@portcullis/core'

/** A row as `row_to_json` renders it: snake_case columns, timestamps as ISO 8601 strings. */
type JsonRow = Record<string, unknown>

/** A JSON value a driver returned: parsed already (node-postgres, PGlite) or as text. */
export function jsonObject(value: unknown): JsonRow {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new TypeError('expected a JSON row')
  return parsed as JsonRow
}

function text(row: JsonRow, column: string): string {
  const value = row[column]
  if (typeof value !== 'string') throw new TypeError(`column ${column} is not text`)
  return value
}

function nullableText(row: JsonRow, column: string): string | null {
  return row[column] === null ? null : text(row, column)
}

function date(row: JsonRow, column: string): Date {
  const value = new Date(text(row, column))
  if (Number.isNaN(value.getTime())) throw new TypeError(`column ${column} is not a timestamp`)
  return value
}

function nullableDate(row: JsonRow, column: string): Date | null {
  return row[column] === null ? null : date(row, column)
}

function textArray(row: JsonRow, column: string): string[] {
  const value = row[column]
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new TypeError(`column ${column} is not a text array`)
  return [...value]
}

function safeInteger(row: JsonRow, column: string): number {
  const value = row[column]
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new TypeError(`column ${column} is not an integer`)
  return value
}

function flag(row: JsonRow, column: string): boolean {
  const value = row[column]
  if (typeof value !== 'boolean') throw new TypeError(`column ${column} is not a boolean`)
  return value
}

/** A `portcullis_sessions` row from `row_to_json` as the port's record. */
export function sessionFromJson(row: JsonRow): SessionRecord {
  return {
    id: text(row, 'id'),
    userId: text(row, 'user_id'),
    secretHash: text(row, 'secret_hash'),
    createdAt: date(row, 'created_at'),
    lastSeenAt: date(row, 'last_seen_at'),
    expiresAt: date(row, 'expires_at'),
    idleExpiresAt: date(row, 'idle_expires_at'),
    ip: nullableText(row, 'ip'),
    userAgent: nullableText(row, 'user_agent'),
  }
}

/** A `portcullis_users` row from `row_to_json` as the port's record. */
export function userFromJson(row: JsonRow): UserRecord {
  return {
    id: text(row, 'id'),
    email: text(row, 'email'),
    emailKey: text(row, 'email_key'),
    emailVerified: flag(row, 'email_verified'),
    username: nullableText(row, 'username'),
    usernameKey: nullableText(row, 'username_key'),
    passwordHash: nullableText(row, 'password_hash'),
    isActive: flag(row, 'is_active'),
    roles: textArray(row, 'roles'),
    fields: jsonObject(row.fields),
    createdAt: date(row, 'created_at'),
    updatedAt: date(row, 'updated_at'),
    lastLoginAt: nullableDate(row, 'last_login_at'),
  }
}

/** A `portcullis_refresh_tokens` row from `row_to_json` as the port's record. */
export function refreshTokenFromJson(row: JsonRow): RefreshTokenRecord {
  return {
    tokenHash: text(row, 'token_hash'),
    familyId: text(row, 'family_id'),
    userId: text(row, 'user_id'),
    sessionId: nullableText(row, 'session_id'),
    scopes: textArray(row, 'scopes'),
    createdAt: date(row, 'created_at'),
    expiresAt: date(row, 'expires_at'),
    familyExpiresAt: date(row, 'family_expires_at'),
    spentAt: nullableDate(row, 'spent_at'),
  }
}

/** A `portcullis_api_keys` row from `row_to_json` as the port's record. */
export function apiKeyFromJson(row: JsonRow): ApiKeyRecord {
  return {
    id: text(row, 'id'),
    userId: text(row, 'user_id'),
    name: text(row, 'name'),
    start: text(row, 'start'),
    keyHash: text(row, 'key_hash'),
    scopes: textArray(row, 'scopes'),
    createdAt: date(row, 'created_at'),
    expiresAt: nullableDate(row, 'expires_at'),
    lastUsedAt: nullableDate(row, 'last_used_at'),
  }
}

/** A `portcullis_passkeys` row from `row_to_json` as the port's record. */
export function passkeyFromJson(row: JsonRow): PasskeyRecord {
  return {
    id: text(row, 'id'),
    userId: text(row, 'user_id'),
    credentialId: text(row, 'credential_id'),
    publicKey: text(row, 'public_key'),
    algorithm: safeInteger(row, 'algorithm'),
    signCount: safeInteger(row, 'sign_count'),
    transports: textArray(row, 'transports'),
    name: text(row, 'name'),
    backedUp: flag(row, 'backed_up'),
    createdAt: date(row, 'created_at'),
    lastUsedAt: nullableDate(row, 'last_used_at'),
  }
}
