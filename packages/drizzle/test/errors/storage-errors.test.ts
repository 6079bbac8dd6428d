import { StorageUnavailableError, UniqueConstraintError } from '@portcullis/core'
import { DrizzleQueryError } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  attempt,
  driverError,
  passkeyWriteError,
  storageError,
  uniqueViolation,
  userWriteError,
} from '../../src/errors/storage-errors.js'

/** An error shaped like node-postgres' and PGlite's `DatabaseError`. */
function pgError(code: string, constraint?: string): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint'), { code, constraint })
}

/** An error shaped like libsql's `LibsqlError`. */
function libsqlError(extendedCode: string, message: string): Error {
  return Object.assign(new Error(`${extendedCode}: ${message}`), { code: 'SQLITE_CONSTRAINT', extendedCode })
}

describe('uniqueViolation', () => {
  it('reads PostgreSQL / PGlite unique violations by index name, through drizzle’s wrapper', () => {
    const wrap = (cause: Error) => new DrizzleQueryError('insert …', ['secret'], cause)
    expect(uniqueViolation(wrap(pgError('23505', 'portcullis_users_email_key_unique')))).toBe('email')
    expect(uniqueViolation(wrap(pgError('23505', 'portcullis_users_username_key_unique')))).toBe('username')
    expect(uniqueViolation(wrap(pgError('23505', 'portcullis_passkeys_credential_id_unique')))).toBe(
      'credentialId',
    )
    expect(uniqueViolation(wrap(pgError('23505', 'portcullis_users_pkey')))).toBeNull()
    expect(uniqueViolation(wrap(pgError('23505', 'portcullis_passkeys_pkey')))).toBeNull()
    expect(uniqueViolation(wrap(pgError('23503', 'portcullis_sessions_user_id_fkey')))).toBeNull()
  })

  it('reads SQLite unique violations by table and column', () => {
    const unique = (message: string) => libsqlError('SQLITE_CONSTRAINT_UNIQUE', message)
    expect(uniqueViolation(unique('UNIQUE constraint failed: portcullis_users.email_key'))).toBe('email')
    expect(uniqueViolation(unique('UNIQUE constraint failed: portcullis_users.username_key'))).toBe(
      'username',
    )
    expect(uniqueViolation(unique('UNIQUE constraint failed: portcullis_passkeys.credential_id'))).toBe(
      'credentialId',
    )
    expect(uniqueViolation(unique('UNIQUE constraint failed: portcullis_users.id'))).toBeNull()
    expect(uniqueViolation(unique('UNIQUE constraint failed: portcullis_passkeys.id'))).toBeNull()
    expect(
      uniqueViolation(
        libsqlError('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: portcullis_users.email_key'),
      ),
    ).toBeNull()
  })

  it('reads a unique violation from the message alone when the error has no code (Cloudflare D1)', () => {
    const d1 = (message: string) => new Error(`D1_ERROR: ${message}: SQLITE_CONSTRAINT`)
    const wrap = (cause: Error) => new DrizzleQueryError('insert …', ['secret'], cause)
    expect(uniqueViolation(wrap(d1('UNIQUE constraint failed: portcullis_users.email_key')))).toBe('email')
    expect(uniqueViolation(wrap(d1('UNIQUE constraint failed: portcullis_users.username_key')))).toBe(
      'username',
    )
    expect(uniqueViolation(wrap(d1('UNIQUE constraint failed: portcullis_passkeys.credential_id')))).toBe(
      'credentialId',
    )
    // D1's own wrapping: the SQLite error as `cause` of a generic one.
    const nested = new Error('D1_ERROR', {
      cause: d1('UNIQUE constraint failed: portcullis_users.email_key'),
    })
    expect(uniqueViolation(wrap(nested))).toBe('email')
    // Primary keys and other constraints are outages, not clashes.
    expect(uniqueViolation(wrap(d1('UNIQUE constraint failed: portcullis_users.id')))).toBeNull()
    expect(uniqueViolation(wrap(d1('NOT NULL constraint failed: portcullis_users.email_key')))).toBeNull()
    expect(uniqueViolation(wrap(new Error('D1_ERROR: Network connection lost.')))).toBeNull()
  })

  it('reads no message-only violation from an error with another code, nor from drizzle’s message', () => {
    const message = 'UNIQUE constraint failed: portcullis_users.email_key'
    expect(uniqueViolation(Object.assign(new Error(message), { code: 'SQLITE_BUSY' }))).toBeNull()
    expect(uniqueViolation(Object.assign(new Error(message), { code: '23505' }))).toBeNull()
    // DrizzleQueryError's message lists the parameters, which a user chose: a registration with
    // that text as its email must not turn an outage into a clash.
    const outage = new Error('D1_ERROR: Network connection lost.')
    expect(uniqueViolation(new DrizzleQueryError('insert …', [message], outage))).toBeNull()
  })

  it('maps a message-only unique violation to UniqueConstraintError with its field', async () => {
    const wrap = (cause: Error) => new DrizzleQueryError('insert …', ['secret'], cause)
    const d1 = (column: string) =>
      wrap(new Error(`D1_ERROR: UNIQUE constraint failed: ${column}: SQLITE_CONSTRAINT`))
    const email = await userWriteError('createUser', d1('portcullis_users.email_key'), null)
    expect(email).toBeInstanceOf(UniqueConstraintError)
    expect(email).toHaveProperty('field', 'email')
    const username = await userWriteError(
      'createUser',
      d1('portcullis_users.username_key'),
      async () => false,
    )
    expect(username).toHaveProperty('field', 'username')
    const credential = passkeyWriteError(d1('portcullis_passkeys.credential_id'))
    expect(credential).toBeInstanceOf(UniqueConstraintError)
    expect(credential).toHaveProperty('field', 'credentialId')
    expect(await userWriteError('createUser', d1('portcullis_users.id'), null)).toBeInstanceOf(
      StorageUnavailableError,
    )
  })

  it('is null for anything else', () => {
    expect(uniqueViolation(new Error('connection terminated'))).toBeNull()
    expect(uniqueViolation('a string')).toBeNull()
    expect(uniqueViolation(null)).toBeNull()
  })
})

describe('driverError', () => {
  it('unwraps DrizzleQueryError, whose message lists the parameters', () => {
    const cause = new Error('connection refused')
    expect(driverError(new DrizzleQueryError('select …', ['$argon2id$hash'], cause))).toBe(cause)
  })

  it('copies a driver error without the parameters it carries, keeping its class and code', () => {
    class DatabaseError extends Error {}
    const original = Object.assign(new DatabaseError('injected'), {
      code: 'P0001',
      query: 'insert …',
      params: ['$argon2id$hash'],
    })
    const cleaned = driverError(original)
    expect(cleaned).toBeInstanceOf(DatabaseError)
    expect(cleaned).toHaveProperty('code', 'P0001')
    expect(cleaned).toHaveProperty('message', 'injected')
    expect(cleaned).not.toHaveProperty('params')
    expect(original.params).toEqual(['$argon2id$hash'])
  })
})

describe('storageError and attempt', () => {
  it('wrap driver errors as StorageUnavailableError with the cleaned cause', async () => {
    const cause = new Error('socket hang up')
    const error = storageError('getUserById', new DrizzleQueryError('select …', ['x'], cause))
    expect(error).toBeInstanceOf(StorageUnavailableError)
    expect(error.message).toBe('portcullis/drizzle: getUserById failed')
    expect(error.cause).toBe(cause)
    await expect(attempt('listUsers', () => Promise.reject(new TypeError('boom')))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    )
    await expect(attempt('listUsers', async () => 42)).resolves.toBe(42)
  })

  it('let Portcullis storage errors through unchanged', () => {
    const unique = new UniqueConstraintError('email')
    const unavailable = new StorageUnavailableError('down')
    expect(storageError('createUser', unique)).toBe(unique)
    expect(storageError('createUser', unavailable)).toBe(unavailable)
  })
})

describe('passkeyWriteError', () => {
  it("is UniqueConstraintError('credentialId') on a credential-id clash, StorageUnavailableError otherwise", () => {
    expect(passkeyWriteError(pgError('23505', 'portcullis_passkeys_credential_id_unique'))).toEqual(
      new UniqueConstraintError('credentialId'),
    )
    const fkey = passkeyWriteError(pgError('23503', 'portcullis_passkeys_user_id_fkey'))
    expect(fkey).toBeInstanceOf(StorageUnavailableError)
    expect(fkey.message).toBe('portcullis/drizzle: createPasskey failed')
  })
})

describe('userWriteError', () => {
  const usernameClash = pgError('23505', 'portcullis_users_username_key_unique')

  it("names 'email' on a username clash when the email clashes too", async () => {
    expect(await userWriteError('createUser', usernameClash, async () => true)).toEqual(
      new UniqueConstraintError('email'),
    )
    expect(await userWriteError('createUser', usernameClash, async () => false)).toHaveProperty(
      'field',
      'username',
    )
    expect(await userWriteError('updateUser', usernameClash, null)).toHaveProperty('field', 'username')
  })

  it("keeps 'username' when the email check itself fails, and wraps other errors", async () => {
    expect(
      await userWriteError('createUser', usernameClash, () => Promise.reject(new Error('down'))),
    ).toHaveProperty('field', 'username')
    expect(await userWriteError('createUser', new Error('down'), async () => true)).toBeInstanceOf(
      StorageUnavailableError,
    )
  })
})
