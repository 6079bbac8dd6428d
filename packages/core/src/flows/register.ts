import type { CreateUserInput } from '../auth/types.js'
import type { Deps } from '../config/resolve-config.js'
import { uuidv7 } from '../crypto/random.js'
import { EmailTakenError, InvalidRequestError, UsernameTakenError } from '../errors/errors.js'
import { UniqueConstraintError, type UserRecord } from '../storage/types.js'
import { normalizeEmail, normalizeUsername } from '../users/normalize.js'
import { parseCustomFields } from './custom-fields.js'
import { hashNewPassword } from './passwords.js'

/** Roles are short lower-case names; `admin` is special. */
const ROLE_PATTERN = /^[a-z][a-z0-9:_-]{0,63}$/

/** Validates a role list (trusted input, still checked). */
export function parseRoles(roles: readonly string[]): string[] {
  const bad = roles.filter((role) => !ROLE_PATTERN.test(role))
  if (bad.length > 0) throw new InvalidRequestError('invalid role names', { fields: { roles: 'invalid' } })
  return [...new Set(roles)]
}

/**
 * Creates a user: normalises and validates everything, checks the password policy, and only
 * then hashes. Uniqueness of email and username is enforced by the store; a cheap read first
 * spares a hash for an obvious clash.
 * @throws {InvalidRequestError} | {WeakPasswordError} | {EmailTakenError} | {UsernameTakenError}
 */
export async function createUser<F extends object>(
  deps: Deps,
  input: CreateUserInput<F>,
): Promise<UserRecord> {
  const email = normalizeEmail(input.email)
  if (!email) throw new InvalidRequestError('invalid email', { fields: { email: 'invalid' } })
  const username = input.username == null ? null : normalizeUsername(input.username)
  if (input.username != null && !username)
    throw new InvalidRequestError('invalid username', { fields: { username: 'invalid' } })
  const fields = parseCustomFields(deps, input.fields)
  const roles = parseRoles(input.roles ?? [])

  if (await deps.storage.getUserByEmail(email.key)) throw new EmailTakenError('email is already registered')
  if (username && (await deps.storage.getUserByUsername(username.key)))
    throw new UsernameTakenError('username is taken')

  const passwordHash =
    input.password === undefined
      ? null
      : await hashNewPassword(deps, input.password, {
          email: email.email,
          username: username?.username ?? null,
        })

  const now = deps.clock.now()
  const record: UserRecord = {
    id: uuidv7(now),
    email: email.email,
    emailKey: email.key,
    emailVerified: input.emailVerified ?? false,
    username: username?.username ?? null,
    usernameKey: username?.key ?? null,
    passwordHash,
    isActive: input.isActive ?? true,
    roles,
    fields,
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
  }
  try {
    await deps.storage.createUser(record)
  } catch (error) {
    throw translateUniqueError(error)
  }
  return record
}

/** Turns the store's unique-key clash into the contract's error; anything else passes through. */
export function translateUniqueError(error: unknown): unknown {
  if (error instanceof UniqueConstraintError)
    return error.field === 'email'
      ? new EmailTakenError('email is already registered')
      : new UsernameTakenError('username is taken')
  return error
}
