export { applyPostgresMigrations } from './migrations/apply-postgres-migrations.js'
export { applySqliteMigrations } from './migrations/apply-sqlite-migrations.js'
export type { Migration } from './migrations/migration.js'
export { postgresMigrations } from './migrations/postgres-migrations.js'
export { sqliteMigrations } from './migrations/sqlite-migrations.js'
export { createPostgresStorage } from './postgres/create-postgres-storage.js'
export type { PostgresDatabase } from './postgres/postgres-database.js'
export {
  portcullisPgApiKeys,
  portcullisPgBackupCodes,
  portcullisPgMigrations,
  portcullisPgPasskeys,
  portcullisPgRateLimits,
  portcullisPgRefreshTokens,
  portcullisPgSessions,
  portcullisPgTables,
  portcullisPgTokens,
  portcullisPgTotpFactors,
  portcullisPgUsers,
} from './schema/postgres-schema.js'
export {
  portcullisSqliteApiKeys,
  portcullisSqliteBackupCodes,
  portcullisSqliteMigrations,
  portcullisSqlitePasskeys,
  portcullisSqliteRateLimits,
  portcullisSqliteRefreshTokens,
  portcullisSqliteSessions,
  portcullisSqliteTables,
  portcullisSqliteTokens,
  portcullisSqliteTotpFactors,
  portcullisSqliteUsers,
} from './schema/sqlite-schema.js'
export { createSqliteStorage } from './sqlite/create-sqlite-storage.js'
export type { SqliteDatabase } from './sqlite/sqlite-database.js'
export type {
  AppliedMigrations,
  DrizzleStorage,
  DrizzleStorageOptions,
  PurgeExpiredOptions,
  PurgeExpiredResult,
} from './types.js'
