/** One versioned migration: a file under `migrations/<dialect>/`, embedded in the code. */
export interface Migration {
  /** The file name without `.sql`, e.g. `0001_init`; recorded in `portcullis_migrations`. */
  readonly version: string
  /** The file's SQL: statements separated by `--> statement-breakpoint` lines. */
  readonly sql: string
}

/** What drizzle-kit writes between statements; psql and sqlite3 read it as a comment. */
const STATEMENT_BREAKPOINT = /^--> statement-breakpoint[ \t]*$/m

/**
 * Splits a migration into the statements to run one at a time (PGlite and prepared statements
 * take one statement per call).
 *
 * @param sql - the migration's SQL
 * @returns its statements, trimmed, without empty ones
 */
export function splitStatements(sql: string): string[] {
  return sql
    .split(STATEMENT_BREAKPOINT)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0)
}
