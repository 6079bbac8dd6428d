/**
 * SQLite's extended result code for a unique-index violation, as libsql reports it in `code`.
 * `@portcullis/drizzle` maps it to `UniqueConstraintError` (409 `email_taken`, …).
 */
const SQLITE_CONSTRAINT_UNIQUE = 'SQLITE_CONSTRAINT_UNIQUE'

const originals = new WeakMap<object, D1PreparedStatement>()

/**
 * Wraps a D1 binding so its errors carry `code: 'SQLITE_CONSTRAINT_UNIQUE'` when SQLite reports
 * `UNIQUE constraint failed: <table>.<column>`. D1 only says so in the message (`D1_ERROR: UNIQUE
 * constraint failed: portcullis_users.email_key: SQLITE_CONSTRAINT`), while
 * `@portcullis/drizzle` recognises a unique violation by libsql's `code`. Everything else passes
 * through unchanged; batches receive the binding's own statements.
 *
 * @param db - The D1 binding.
 * @returns A binding that behaves the same, with tagged errors.
 * @example
 * const db = drizzle(withSqliteErrorCodes(env.DB))
 */
export function withSqliteErrorCodes(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key === 'prepare') return (query: string) => wrapStatement(target.prepare(query))
      if (key === 'batch')
        return (statements: D1PreparedStatement[]) =>
          tagErrors(target.batch(statements.map((statement) => originals.get(statement) ?? statement)))
      return (...args: unknown[]) => tagErrors(Reflect.apply(value, target, args))
    },
  })
}

function wrapStatement(statement: D1PreparedStatement): D1PreparedStatement {
  const proxy = new Proxy(statement, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key === 'bind') return (...values: unknown[]) => wrapStatement(target.bind(...values))
      return (...args: unknown[]) => tagErrors(Reflect.apply(value, target, args))
    },
  })
  originals.set(proxy, statement)
  return proxy
}

function tagErrors<T>(result: T): T {
  if (!(result instanceof Promise)) return result
  return result.catch((error: unknown) => {
    throw tagError(error)
  }) as T
}

function tagError(error: unknown): unknown {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (/UNIQUE constraint failed/.test(current.message) && !('code' in current)) {
      try {
        Object.defineProperty(current, 'code', { value: SQLITE_CONSTRAINT_UNIQUE, enumerable: true })
      } catch {
        // A frozen error stays as it is: the write then reports 503 instead of 409.
      }
      break
    }
    current = current.cause
  }
  return error
}
