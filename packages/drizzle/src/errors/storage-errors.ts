import { StorageUnavailableError, UniqueConstraintError } from '@portcullis/core'
import { DrizzleQueryError } from 'drizzle-orm'

/** The unique key a clash is on, as `UniqueConstraintError` names it. */
export type UniqueField = UniqueConstraintError['field']

/** How deep to follow `cause` links when looking for the driver's error. */
const MAX_CAUSE_DEPTH = 8

/** PostgreSQL's SQLSTATE for `unique_violation`. */
const PG_UNIQUE_VIOLATION = '23505'

/**
 * Unique-index names (both dialects) that the port reports as `UniqueConstraintError`, and the
 * key each one guards.
 */
const UNIQUE_INDEXES: Readonly<Record<string, UniqueField>> = {
  portcullis_users_email_key_unique: 'email',
  portcullis_users_username_key_unique: 'username',
  portcullis_passkeys_credential_id_unique: 'credentialId',
}

/** SQLite names the columns, not the index: `UNIQUE constraint failed: portcullis_users.email_key`. */
const SQLITE_UNIQUE_COLUMNS: readonly [RegExp, UniqueField][] = [
  [/\bportcullis_users\.email_key\b/, 'email'],
  [/\bportcullis_users\.username_key\b/, 'username'],
  [/\bportcullis_passkeys\.credential_id\b/, 'credentialId'],
]

/**
 * SQLite's own wording of a unique violation, with the columns it names. Cloudflare D1 reports one
 * only this way, without a `code`: `D1_ERROR: UNIQUE constraint failed: portcullis_users.email_key:
 * SQLITE_CONSTRAINT`.
 */
const SQLITE_UNIQUE_MESSAGE = /\bUNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/

/**
 * Properties some drivers attach to their errors that hold the query's parameters (PGlite's
 * `DatabaseError` carries `params`), which may be password or token hashes.
 */
const PARAMETER_PROPERTIES: readonly PropertyKey[] = [
  'params',
  'parameters',
  'values',
  'args',
  'queryOptions',
]

/**
 * The error the driver threw, fit to travel as `cause`: without drizzle's `DrizzleQueryError`
 * wrapper, whose message lists the query's parameters, and without the parameters some drivers
 * attach to their own errors. Password hashes, token hashes and emails must never reach a log.
 *
 * @param error - what a drizzle call rejected with
 * @returns the driver's error (a copy of the same class when parameters had to be removed)
 */
export function driverError(error: unknown): unknown {
  let current = error
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof DrizzleQueryError; depth++) {
    if (current.cause === undefined) return new Error('drizzle query failed')
    current = current.cause
  }
  return withoutParameters(current)
}

function withoutParameters(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error
  if (!PARAMETER_PROPERTIES.some((key) => Object.hasOwn(error, key))) return error
  const copy: object = Object.create(Object.getPrototypeOf(error))
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key)
    if (descriptor && !PARAMETER_PROPERTIES.includes(key)) Object.defineProperty(copy, key, descriptor)
  }
  return copy
}

/**
 * Which unique key a driver error violated (`portcullis_users`' email and username keys, a
 * passkey's credential id): PostgreSQL and PGlite report SQLSTATE 23505 with the index in
 * `constraint`; libsql reports `SQLITE_CONSTRAINT_UNIQUE` with the table and column in the
 * message; D1 gives no `code`, only SQLite's message (`UNIQUE constraint failed: <table>.<column>`),
 * which is read from the driver's error, never from drizzle's `DrizzleQueryError` (whose message
 * lists the query's parameters). Any other error (another constraint, a lost connection) gives null.
 *
 * @param error - what a drizzle call rejected with
 * @returns `'email'`, `'username'`, `'credentialId'` or null
 */
export function uniqueViolation(error: unknown): UniqueField | null {
  let current: unknown = error
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const field = pgUniqueField(current) ?? sqliteUniqueField(current)
    if (field !== null) return field
    current = 'cause' in current ? current.cause : undefined
  }
  return null
}

/**
 * Wraps a failure as `StorageUnavailableError` with the driver's error as `cause`. Errors that
 * already are `StorageUnavailableError` or `UniqueConstraintError` pass through.
 *
 * @param operation - the port method that failed, named in the message
 * @param error - what it caught
 * @returns the error to throw
 */
export function storageError(operation: string, error: unknown): Error {
  if (error instanceof StorageUnavailableError || error instanceof UniqueConstraintError) return error
  return new StorageUnavailableError(`portcullis/drizzle: ${operation} failed`, { cause: driverError(error) })
}

/**
 * Runs one port operation and wraps whatever it throws with {@link storageError}.
 *
 * @param operation - the port method, named in the error message
 * @param run - the operation
 * @returns what `run` returns
 * @throws {StorageUnavailableError} when the database fails
 */
export async function attempt<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw storageError(operation, error)
  }
}

/**
 * Turns a failed passkey insert into the error to throw: `UniqueConstraintError('credentialId')`
 * when the credential id is taken, `StorageUnavailableError` otherwise.
 *
 * @param error - what the insert threw
 * @returns the error to throw
 */
export function passkeyWriteError(error: unknown): Error {
  return uniqueViolation(error) === 'credentialId'
    ? new UniqueConstraintError('credentialId')
    : storageError('createPasskey', error)
}

/**
 * Turns a failed user write into the error to throw: `UniqueConstraintError` on a unique-key
 * clash, `StorageUnavailableError` otherwise. The database reports one violated index; when it
 * reports the username, `emailTaken` is asked whether the email clashes too, since the port
 * names `email` when both do.
 *
 * @param operation - `createUser` or `updateUser`
 * @param error - what the write threw
 * @param emailTaken - checks whether the written email key belongs to another user, or null when
 *   the write left the email alone
 * @returns the error to throw
 */
export async function userWriteError(
  operation: string,
  error: unknown,
  emailTaken: (() => Promise<boolean>) | null,
): Promise<Error> {
  const field = uniqueViolation(error)
  if (field === null) return storageError(operation, error)
  if (field === 'username' && emailTaken !== null) {
    const alsoEmail = await emailTaken().catch(() => false)
    if (alsoEmail) return new UniqueConstraintError('email')
  }
  return new UniqueConstraintError(field)
}

function pgUniqueField(error: object): UniqueField | null {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown }
  if (code !== PG_UNIQUE_VIOLATION || typeof constraint !== 'string') return null
  return UNIQUE_INDEXES[constraint] ?? null
}

function sqliteUniqueField(error: object): UniqueField | null {
  const { code, extendedCode, message } = error as {
    code?: unknown
    extendedCode?: unknown
    message?: unknown
  }
  if (typeof message !== 'string') return null
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || extendedCode === 'SQLITE_CONSTRAINT_UNIQUE') {
    for (const [pattern, field] of SQLITE_UNIQUE_COLUMNS) if (pattern.test(message)) return field
    for (const [index, field] of Object.entries(UNIQUE_INDEXES)) if (message.includes(index)) return field
    return null
  }
  if (code !== undefined || error instanceof DrizzleQueryError) return null
  const columns = SQLITE_UNIQUE_MESSAGE.exec(message)?.[1]
  if (columns === undefined) return null
  for (const [pattern, field] of SQLITE_UNIQUE_COLUMNS) if (pattern.test(columns)) return field
  return null
}
