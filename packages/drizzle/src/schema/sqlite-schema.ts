import {
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'

/** An INTEGER column of epoch milliseconds, read and written as `Date`. */
const epochMs = (name: string) => integer(name, { mode: 'timestamp_ms' })

/**
 * `portcullis_users` for SQLite (libsql). `email_key` and `username_key` (lower-cased by core)
 * carry the unique indexes, so the database alone keeps emails and usernames unique. Roles and
 * fields are JSON text. It matches `migrations/sqlite/0001_init.sql` exactly.
 */
export const portcullisSqliteUsers = sqliteTable(
  'portcullis_users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    emailKey: text('email_key').notNull(),
    emailVerified: integer('email_verified', { mode: 'boolean' }).notNull(),
    username: text('username'),
    usernameKey: text('username_key'),
    passwordHash: text('password_hash'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull(),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
    fields: text('fields', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
    lastLoginAt: epochMs('last_login_at'),
  },
  (t) => [
    uniqueIndex('portcullis_users_email_key_unique').on(t.emailKey),
    uniqueIndex('portcullis_users_username_key_unique').on(t.usernameKey),
  ],
)

/**
 * `portcullis_sessions` for SQLite (libsql). The foreign key cascades only where
 * `PRAGMA foreign_keys = ON`; the storage deletes a user's sessions itself either way.
 */
export const portcullisSqliteSessions = sqliteTable(
  'portcullis_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: epochMs('created_at').notNull(),
    lastSeenAt: epochMs('last_seen_at').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
    idleExpiresAt: epochMs('idle_expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_sessions_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisSqliteUsers.id],
    }).onDelete('cascade'),
    index('portcullis_sessions_user_id_idx').on(t.userId),
    index('portcullis_sessions_expires_at_idx').on(t.expiresAt),
    index('portcullis_sessions_idle_expires_at_idx').on(t.idleExpiresAt),
  ],
)

/**
 * `portcullis_tokens` for SQLite (libsql): one-time tokens keyed by purpose and SHA-256.
 * `user_id` is null for a token bound to no user yet (a passkey-login challenge), nullable since
 * `0003_two_factor.sql`, which rebuilds the table.
 */
export const portcullisSqliteTokens = sqliteTable(
  'portcullis_tokens',
  {
    purpose: text('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id'),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: epochMs('created_at').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'portcullis_tokens_pkey', columns: [t.purpose, t.tokenHash] }),
    foreignKey({
      name: 'portcullis_tokens_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisSqliteUsers.id],
    }).onDelete('cascade'),
    index('portcullis_tokens_user_id_idx').on(t.userId),
    index('portcullis_tokens_expires_at_idx').on(t.expiresAt),
  ],
)

/** `portcullis_rate_limits` for SQLite (libsql): one fixed-window counter per key. */
export const portcullisSqliteRateLimits = sqliteTable(
  'portcullis_rate_limits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: epochMs('reset_at').notNull(),
  },
  (t) => [index('portcullis_rate_limits_reset_at_idx').on(t.resetAt)],
)

/**
 * `portcullis_refresh_tokens` for SQLite (libsql): refresh tokens keyed by SHA-256, in families;
 * a spent token stays until its family ends. Scopes are JSON text. The foreign key cascades only
 * where `PRAGMA foreign_keys = ON`; the storage deletes a user's tokens itself either way.
 * `session_id` has no foreign key, so that sessions may live in another store.
 */
export const portcullisSqliteRefreshTokens = sqliteTable(
  'portcullis_refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: text('family_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id'),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: epochMs('created_at').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
    familyExpiresAt: epochMs('family_expires_at').notNull(),
    spentAt: epochMs('spent_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_refresh_tokens_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisSqliteUsers.id],
    }).onDelete('cascade'),
    index('portcullis_refresh_tokens_family_id_idx').on(t.familyId),
    index('portcullis_refresh_tokens_user_id_idx').on(t.userId),
    index('portcullis_refresh_tokens_expires_at_idx').on(t.expiresAt),
    index('portcullis_refresh_tokens_family_expires_at_idx').on(t.familyExpiresAt),
  ],
)

/**
 * `portcullis_api_keys` for SQLite (libsql): API keys by id, with the SHA-256 of the key under a
 * unique index. Scopes are JSON text.
 */
export const portcullisSqliteApiKeys = sqliteTable(
  'portcullis_api_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    start: text('start').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: epochMs('created_at').notNull(),
    expiresAt: epochMs('expires_at'),
    lastUsedAt: epochMs('last_used_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_api_keys_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisSqliteUsers.id],
    }).onDelete('cascade'),
    uniqueIndex('portcullis_api_keys_key_hash_unique').on(t.keyHash),
    index('portcullis_api_keys_user_id_idx').on(t.userId),
    index('portcullis_api_keys_expires_at_idx').on(t.expiresAt),
  ],
)

/**
 * `portcullis_totp_factors` for SQLite (libsql): one TOTP factor per user, its secret sealed by
 * core. The storage deletes a user's factor itself, whatever `PRAGMA foreign_keys` says. It
 * matches `migrations/sqlite/0003_two_factor.sql` exactly.
 */
export const portcullisSqliteTotpFactors = sqliteTable(
  'portcullis_totp_factors',
  {
    userId: text('user_id').primaryKey(),
    sealedSecret: text('sealed_secret').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    lastUsedStep: integer('last_used_step'),
    createdAt: epochMs('created_at').notNull(),
    enabledAt: epochMs('enabled_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_totp_factors_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisSqliteUsers.id],
    }).onDelete('cascade'),
  ],
)

/** `portcullis_backup_codes` for SQLite (libsql): a user's unused backup codes, as SHA-256 hashes. */
export const portcullisSqliteBackupCodes = sqliteTable(
  'portcullis_backup_codes',
  {
    userId: text('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
  },
  (t) => [
    primaryKey({ name: 'portcullis_backup_codes_pkey', columns: [t.userId, t.codeHash] }),
    foreignKey({
      name: 'portcullis_backup_codes_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisSqliteUsers.id],
    }).onDelete('cascade'),
  ],
)

/**
 * `portcullis_passkeys` for SQLite (libsql): WebAuthn credentials by id, the credential id under a
 * unique index. Transports are JSON text.
 */
export const portcullisSqlitePasskeys = sqliteTable(
  'portcullis_passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    algorithm: integer('algorithm').notNull(),
    signCount: integer('sign_count').notNull(),
    transports: text('transports', { mode: 'json' }).$type<string[]>().notNull(),
    name: text('name').notNull(),
    backedUp: integer('backed_up', { mode: 'boolean' }).notNull(),
    createdAt: epochMs('created_at').notNull(),
    lastUsedAt: epochMs('last_used_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_passkeys_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisSqliteUsers.id],
    }).onDelete('cascade'),
    uniqueIndex('portcullis_passkeys_credential_id_unique').on(t.credentialId),
    index('portcullis_passkeys_user_id_idx').on(t.userId),
  ],
)

/**
 * `portcullis_migrations` for SQLite (libsql): the versions `applySqliteMigrations` has applied.
 * Include it in your drizzle schema only if you also call `applySqliteMigrations`.
 */
export const portcullisSqliteMigrations = sqliteTable('portcullis_migrations', {
  version: text('version').primaryKey(),
  appliedAt: epochMs('applied_at').notNull(),
})

/**
 * Every Portcullis table for SQLite, to spread into the `schema` you give `drizzle()`:
 * `drizzle(client, { schema: { ...portcullisSqliteTables, ...appTables } })`.
 */
export const portcullisSqliteTables = {
  portcullisSqliteUsers,
  portcullisSqliteSessions,
  portcullisSqliteTokens,
  portcullisSqliteRateLimits,
  portcullisSqliteRefreshTokens,
  portcullisSqliteApiKeys,
  portcullisSqliteTotpFactors,
  portcullisSqliteBackupCodes,
  portcullisSqlitePasskeys,
  portcullisSqliteMigrations,
}
