import { UniqueConstraintError, type UserPatch, type UserRecord, type UserStore } from '@portcullis/core'
import type { RedisContext } from './context.js'
import { encodeDate } from './fields.js'
import { arrayReply, hashReply, integerReply, malformed } from './reply.js'
import {
  CREATE_USER,
  DELETE_USER,
  GET_USER,
  GET_USER_BY_INDEX,
  LIST_USERS,
  REPLACE_PASSWORD_HASH,
  UPDATE_USER,
} from './scripts/user-scripts.js'
import { decodeUser, encodeUser, encodeUserPatch } from './user-codec.js'

/**
 * The {@link UserStore} on Redis: a hash per user, unique index keys for the email and username
 * keys, a sorted set of ids for paging. Every method is one Lua script, so a clash is detected
 * and the write done (or not) in one atomic step, in one round trip. `deleteUser` deletes the
 * user's sessions, one-time tokens, refresh tokens, API keys, TOTP factor, backup codes and
 * passkeys in the same script. `listUsers` filters by a literal email-key prefix in the script.
 *
 * @param context - the script runner and key layout shared with the other stores
 * @returns the user half of the Redis storage
 */
export function createUserStore({ scripts, keys }: RedisContext): UserStore {
  const userOrNull = (reply: unknown): UserRecord | null => {
    if (reply === null) return null
    const fields = hashReply(reply, 'user record')
    return fields === null ? null : decodeUser(fields)
  }
  const byIndex = async (indexKey: string): Promise<UserRecord | null> =>
    userOrNull(await scripts.run(GET_USER_BY_INDEX, [indexKey], [keys.user('')]))

  return {
    async createUser(user) {
      const indexKeys = [keys.emailIndex(user.emailKey)]
      if (user.usernameKey !== null) indexKeys.push(keys.usernameIndex(user.usernameKey))
      const reply = await scripts.run(
        CREATE_USER,
        [keys.user(user.id), keys.users, ...indexKeys],
        [user.id, ...encodeUser(user)],
      )
      if (reply === 'email' || reply === 'username') throw new UniqueConstraintError(reply)
      if (reply === 'id') throw new Error('redis: a user with this id already exists')
      if (reply !== 'ok') throw malformed('createUser reply')
    },

    async getUserById(id) {
      return userOrNull(await scripts.run(GET_USER, [keys.user(id)], []))
    },

    getUserByEmail: (emailKey) => byIndex(keys.emailIndex(emailKey)),

    getUserByUsername: (usernameKey) => byIndex(keys.usernameIndex(usernameKey)),

    async updateUser(id, patch) {
      const reply = await scripts.run(UPDATE_USER, [keys.user(id)], updateArgs(keys, id, patch))
      if (reply === 'email' || reply === 'username') throw new UniqueConstraintError(reply)
      return userOrNull(reply)
    },

    async replacePasswordHash(id, expectedHash, newHash, updatedAt) {
      const reply = await scripts.run(
        REPLACE_PASSWORD_HASH,
        [keys.user(id)],
        [expectedHash, newHash, encodeDate(updatedAt)],
      )
      return integerReply(reply, 'replacePasswordHash reply') === 1
    },

    async deleteUser(id) {
      const reply = await scripts.run(
        DELETE_USER,
        [
          keys.user(id),
          keys.users,
          keys.userSessions(id),
          keys.userTokens(id),
          keys.userRefreshFamilies(id),
          keys.userApiKeys(id),
          keys.totpFactor(id),
          keys.backupCodes(id),
          keys.userPasskeys(id),
        ],
        [
          keys.session(''),
          keys.tokenByRef(''),
          keys.emailIndex(''),
          keys.usernameIndex(''),
          id,
          keys.refreshToken(''),
          keys.refreshFamily(''),
          keys.apiKey(''),
          keys.apiKeyByHash(''),
          keys.passkey(''),
          keys.passkeyByCredential(''),
        ],
      )
      return integerReply(reply, 'deleteUser reply') === 1
    },

    async listUsers({ limit, cursor, emailPrefix }) {
      const count = Math.floor(limit)
      if (!(count > 0)) return []
      const start = cursor === undefined ? '-' : `(${cursor}`
      const max = Number.isFinite(count) ? String(count) : '-1'
      const args = [keys.user(''), start, max]
      if (emailPrefix !== undefined) args.push(emailPrefix)
      const reply = await scripts.run(LIST_USERS, [keys.users], args)
      return arrayReply(reply, 'listUsers reply').flatMap((item) => {
        const user = userOrNull(item)
        return user === null ? [] : [user]
      })
    },
  }
}

/** The ARGV of {@link UPDATE_USER} for `patch`. */
function updateArgs(keys: RedisContext['keys'], id: string, patch: UserPatch): string[] {
  const { set, unset } = encodeUserPatch(patch)
  const emailChanges = patch.emailKey !== undefined
  const usernameAction =
    patch.usernameKey === undefined ? 'keep' : patch.usernameKey === null ? 'clear' : 'set'
  return [
    keys.emailIndex(''),
    keys.usernameIndex(''),
    id,
    emailChanges ? '1' : '0',
    patch.emailKey ?? '',
    usernameAction,
    patch.usernameKey ?? '',
    String(set.length / 2),
    ...set,
    ...unset,
  ]
}
