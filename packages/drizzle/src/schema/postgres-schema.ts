import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

/** A `timestamptz` column read and written as `Date` (microsecond precision, so milliseconds survive). */
const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * `portcullis_users` for PostgreSQL and PGlite. `email_key` and `username_key` (lower-cased by
 * core) carry the unique indexes, so the database alone keeps emails and usernames unique,
 * case-insensitively, under any concurrency. Include it in your drizzle schema to manage the
 * table with drizzle-kit; it matches `migrations/postgres/0001_init.sql` exactly.
 */
export const portcullisPgUsers = pgTable(
  'portcullis_users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    emailKey: text('email_key').notNull(),
    emailVerified: boolean('email_verified').notNull(),
    username: text('username'),
    usernameKey: text('username_key'),
    passwordHash: text('password_hash'),
    isActive: boolean('is_active').notNull(),
    roles: text('roles').array().notNull(),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    lastLoginAt: timestamptz('last_login_at'),
  },
  (t) => [
    uniqueIndex('portcullis_users_email_key_unique').on(t.emailKey),
    uniqueIndex('portcullis_users_username_key_unique').on(t.usernameKey),
  ],
)

/**
 * `portcullis_sessions` for PostgreSQL and PGlite: the session id, the SHA-256 of its secret, its
 * deadlines. Rows go with their user (`ON DELETE CASCADE`).
 */
export const portcullisPgSessions = pgTable(
  'portcullis_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    idleExpiresAt: timestamptz('idle_expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_sessions_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisPgUsers.id],
    }).onDelete('cascade'),
    index('portcullis_sessions_user_id_idx').on(t.userId),
    index('portcullis_sessions_expires_at_idx').on(t.expiresAt),
    index('portcullis_sessions_idle_expires_at_idx').on(t.idleExpiresAt),
  ],
)

/**
 * `portcullis_tokens` for PostgreSQL and PGlite: one-time tokens keyed by purpose and SHA-256.
 * Rows go with their user (`ON DELETE CASCADE`); `user_id` is null for a token bound to no user
 * yet (a passkey-login challenge), nullable since `0003_two_factor.sql`.
 */
export const portcullisPgTokens = pgTable(
  'portcullis_tokens',
  {
    purpose: text('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'portcullis_tokens_pkey', columns: [t.purpose, t.tokenHash] }),
    foreignKey({
      name: 'portcullis_tokens_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisPgUsers.id],
    }).onDelete('cascade'),
    index('portcullis_tokens_user_id_idx').on(t.userId),
    index('portcullis_tokens_expires_at_idx').on(t.expiresAt),
  ],
)

/** `portcullis_rate_limits` for PostgreSQL and PGlite: one fixed-window counter per key. */
export const portcullisPgRateLimits = pgTable(
  'portcullis_rate_limits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: timestamptz('reset_at').notNull(),
  },
  (t) => [index('portcullis_rate_limits_reset_at_idx').on(t.resetAt)],
)

/**
 * `portcullis_refresh_tokens` for PostgreSQL and PGlite: refresh tokens keyed by SHA-256, in
 * families. A spent token stays (with `spent_at`) until its family ends, so that presenting it
 * again is caught as reuse. Rows go with their user (`ON DELETE CASCADE`); `session_id` has no
 * foreign key, so that sessions may live in another store. It matches
 * `migrations/postgres/0002_tokens.sql` exactly.
 */
export const portcullisPgRefreshTokens = pgTable(
  'portcullis_refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: text('family_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id'),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    familyExpiresAt: timestamptz('family_expires_at').notNull(),
    spentAt: timestamptz('spent_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_refresh_tokens_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisPgUsers.id],
    }).onDelete('cascade'),
    index('portcullis_refresh_tokens_family_id_idx').on(t.familyId),
    index('portcullis_refresh_tokens_user_id_idx').on(t.userId),
    index('portcullis_refresh_tokens_expires_at_idx').on(t.expiresAt),
    index('portcullis_refresh_tokens_family_expires_at_idx').on(t.familyExpiresAt),
  ],
)

/**
 * `portcullis_api_keys` for PostgreSQL and PGlite: API keys by id, with the SHA-256 of the key
 * under a unique index. Rows go with their user (`ON DELETE CASCADE`).
 */
export const portcullisPgApiKeys = pgTable(
  'portcullis_api_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    start: text('start').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at'),
    lastUsedAt: timestamptz('last_used_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_api_keys_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisPgUsers.id],
    }).onDelete('cascade'),
    uniqueIndex('portcullis_api_keys_key_hash_unique').on(t.keyHash),
    index('portcullis_api_keys_user_id_idx').on(t.userId),
    index('portcullis_api_keys_expires_at_idx').on(t.expiresAt),
  ],
)

/**
 * `portcullis_totp_factors` for PostgreSQL and PGlite: one TOTP factor per user, its secret sealed
 * by core (the store never sees it in the clear), `last_used_step` a `bigint` so that steps after
 * 2106 fit. Rows go with their user (`ON DELETE CASCADE`). It matches
 * `migrations/postgres/0003_two_factor.sql` exactly.
 */
export const portcullisPgTotpFactors = pgTable(
  'portcullis_totp_factors',
  {
    userId: text('user_id').primaryKey(),
    sealedSecret: text('sealed_secret').notNull(),
    enabled: boolean('enabled').notNull(),
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    createdAt: timestamptz('created_at').notNull(),
    enabledAt: timestamptz('enabled_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_totp_factors_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisPgUsers.id],
    }).onDelete('cascade'),
  ],
)

/**
 * `portcullis_backup_codes` for PostgreSQL and PGlite: a user's unused backup codes, as SHA-256
 * hashes, keyed by user and hash. Rows go with their user (`ON DELETE CASCADE`).
 */
export const portcullisPgBackupCodes = pgTable(
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
      foreignColumns: [portcullisPgUsers.id],
    }).onDelete('cascade'),
  ],
)

/**
 * `portcullis_passkeys` for PostgreSQL and PGlite: WebAuthn credentials by id, the credential id
 * under a unique index (one credential, one passkey, across all users). Rows go with their user
 * (`ON DELETE CASCADE`).
 */
export const portcullisPgPasskeys = pgTable(
  'portcullis_passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    algorithm: integer('algorithm').notNull(),
    signCount: bigint('sign_count', { mode: 'number' }).notNull(),
    transports: text('transports').array().notNull(),
    name: text('name').notNull(),
    backedUp: boolean('backed_up').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    lastUsedAt: timestamptz('last_used_at'),
  },
  (t) => [
    foreignKey({
      name: 'portcullis_passkeys_user_id_fkey',
      columns: [t.userId],
      foreignColumns: [portcullisPgUsers.id],
    }).onDelete('cascade'),
    uniqueIndex('portcullis_passkeys_credential_id_unique').on(t.credentialId),
    index('portcullis_passkeys_user_id_idx').on(t.userId),
  ],
)

/**
 * `portcullis_migrations` for PostgreSQL and PGlite: the versions `applyPostgresMigrations` has
 * applied. Include it in your drizzle schema only if you also call `applyPostgresMigrations`, so
 * that drizzle-kit does not offer to drop it.
 */
export const portcullisPgMigrations = pgTable('portcullis_migrations', {
  version: text('version').primaryKey(),
  appliedAt: timestamptz('applied_at').notNull().defaultNow(),
})

/**
 * Every Portcullis table for PostgreSQL and PGlite, to spread into the `schema` you give
 * `drizzle()`: `drizzle(client, { schema: { ...portcullisPgTables, ...appTables } })`.
 */
export const portcullisPgTables = {
  portcullisPgUsers,
  portcullisPgSessions,
  portcullisPgTokens,
  portcullisPgRateLimits,
  portcullisPgRefreshTokens,
  portcullisPgApiKeys,
  portcullisPgTotpFactors,
  portcullisPgBackupCodes,
  portcullisPgPasskeys,
  portcullisPgMigrations,
}
