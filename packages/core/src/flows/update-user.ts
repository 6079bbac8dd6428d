import type { UpdateUserInput } from '../auth/types.js'
import type { Deps } from '../config/resolve-config.js'
import { InvalidRequestError, NotFoundError } from '../errors/errors.js'
import { emitEvent } from '../events/events.js'
import type { UserPatch, UserRecord } from '../storage/types.js'
import { normalizeEmail, normalizeUsername } from '../users/normalize.js'
import { parseCustomFields } from './custom-fields.js'
import { parseRoles, translateUniqueError } from './register.js'

/**
 * Updates a user (trusted input, still validated). Custom fields are merged into the current
 * ones and the result validated against the schema. Disabling a user revokes its sessions.
 * @throws {NotFoundError} | {InvalidRequestError} | {EmailTakenError} | {UsernameTakenError}
 */
export async function updateUser<F extends object>(
  deps: Deps,
  userId: string,
  input: UpdateUserInput<F>,
): Promise<UserRecord> {
  const current = await deps.storage.getUserById(userId)
  if (!current) throw new NotFoundError('user not found')
  const patch: UserPatch = { updatedAt: deps.clock.now() }

  if (input.email !== undefined) {
    const email = normalizeEmail(input.email)
    if (!email) throw new InvalidRequestError('invalid email', { fields: { email: 'invalid' } })
    patch.email = email.email
    patch.emailKey = email.key
    // A new address is unverified unless the caller says otherwise.
    if (email.key !== current.emailKey && input.emailVerified === undefined) patch.emailVerified = false
  }
  if (input.emailVerified !== undefined) patch.emailVerified = input.emailVerified
  if (input.username !== undefined) {
    if (input.username === null) {
      patch.username = null
      patch.usernameKey = null
    } else {
      const username = normalizeUsername(input.username)
      if (!username) throw new InvalidRequestError('invalid username', { fields: { username: 'invalid' } })
      patch.username = username.username
      patch.usernameKey = username.key
    }
  }
  if (input.isActive !== undefined) patch.isActive = input.isActive
  if (input.roles !== undefined) patch.roles = parseRoles(input.roles)
  if (input.fields !== undefined)
    patch.fields = parseCustomFields(deps, { ...current.fields, ...input.fields })

  let updated: UserRecord | null
  try {
    updated = await deps.storage.updateUser(userId, patch)
  } catch (error) {
    throw translateUniqueError(error)
  }
  if (!updated) throw new NotFoundError('user not found')
  if (input.isActive === false) {
    await deps.storage.deleteUserSessions(userId)
    await deps.storage.deleteUserRefreshTokens(userId)
    await deps.storage.deleteUserApiKeys(userId)
    await emitEvent(deps, 'user_disabled', { userId })
  }
  return updated
}
