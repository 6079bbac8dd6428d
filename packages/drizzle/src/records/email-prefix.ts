import { sql } from 'drizzle-orm'

/**
 * The escape character of {@link likePrefixPattern}: `!` rather than the backslash, so that the
 * SQL (`LIKE $1 ESCAPE '!'`) reads the same whatever `standard_conforming_strings` says.
 */
export const LIKE_ESCAPE = '!'

/** {@link LIKE_ESCAPE} as an SQL literal, for `… LIKE $1 ESCAPE '!'`. */
export const LIKE_ESCAPE_SQL = sql.raw(`'${LIKE_ESCAPE}'`)

/**
 * The `LIKE` pattern (with `ESCAPE '!'`) matching every string that starts with `prefix`, taken
 * literally: `%`, `_` and `!` in it are escaped, so they match only themselves (a backslash is
 * an ordinary character once the escape is `!`). PostgreSQL can answer `LIKE 'abc%'` with a
 * range scan of a B-tree index when the column's collation is `C` (or the index uses
 * `text_pattern_ops`).
 *
 * @param prefix - the literal prefix
 * @returns the pattern
 * @example
 * ```ts
 * likePrefixPattern('100%_a') // '100!%!_a%'
 * ```
 */
export function likePrefixPattern(prefix: string): string {
  return `${prefix.replace(/[!%_]/g, (char) => `${LIKE_ESCAPE}${char}`)}%`
}

/**
 * The SQLite `GLOB` pattern matching every string that starts with `prefix`, taken literally:
 * `*`, `?` and `[` in it are wrapped in brackets (`[*]`), so they match only themselves (`]` and
 * `\` are not special outside brackets). Unlike `LIKE`, `GLOB` is case-sensitive and compares
 * characters as they are, so SQLite answers it from the default (`BINARY`) index on the column
 * as a range scan over the part before the first bracket.
 *
 * @param prefix - the literal prefix
 * @returns the pattern
 * @example
 * ```ts
 * globPrefixPattern('a*b') // 'a[*]b*'
 * ```
 */
export function globPrefixPattern(prefix: string): string {
  return `${prefix.replace(/[*?[]/g, (char) => `[${char}]`)}*`
}
