import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'

/**
 * A drizzle PostgreSQL database, whatever its driver: node-postgres (`drizzle-orm/node-postgres`),
 * PGlite (`drizzle-orm/pglite`) or another pg-core driver, with or without a schema of its own.
 */
export type PostgresDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>
