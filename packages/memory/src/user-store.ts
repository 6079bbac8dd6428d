import { UniqueConstraintError, type UserPatch, type UserRecord, type UserStore } from '@portcullis/core'
import { copyUser } from './copy.js'
import {
  type MemoryState,
  removeApiKey,
  removePasskey,
  removeRefreshToken,
  removeSession,
  removeToken,
} from './state.js'

/**
 * The {@link UserStore} over `state`. Each method checks and writes in one synchronous step (no
 * `await` in between), so on one event loop the unique indexes cannot be raced.
 *
 * @param state - the maps shared with the other stores
 * @returns the user half of the memory storage
 */
export function createUserStore(state: MemoryState): UserStore {
  return {
    async createUser(user) {
      if (state.userIdByEmailKey.has(user.emailKey)) throw new UniqueConstraintError('email')
      if (user.usernameKey !== null && state.userIdByUsernameKey.has(user.usernameKey))
        throw new UniqueConstraintError('username')
      const stored = copyUser(user)
      state.users.set(stored.id, stored)
      state.userIdByEmailKey.set(stored.emailKey, stored.id)
      if (stored.usernameKey !== null) state.userIdByUsernameKey.set(stored.usernameKey, stored.id)
    },

    async getUserById(id) {
      return copyOrNull(state.users.get(id))
    },

    async getUserByEmail(emailKey) {
      return copyOrNull(userByIndex(state, state.userIdByEmailKey, emailKey))
    },

    async getUserByUsername(usernameKey) {
      return copyOrNull(userByIndex(state, state.userIdByUsernameKey, usernameKey))
    },

    async updateUser(id, patch) {
      const current = state.users.get(id)
      if (!current) return null
      const next = applyPatch(current, patch)
      const emailOwner = state.userIdByEmailKey.get(next.emailKey)
      if (emailOwner !== undefined && emailOwner !== id) throw new UniqueConstraintError('email')
      const usernameOwner =
        next.usernameKey === null ? undefined : state.userIdByUsernameKey.get(next.usernameKey)
      if (usernameOwner !== undefined && usernameOwner !== id) throw new UniqueConstraintError('username')
      state.userIdByEmailKey.delete(current.emailKey)
      if (current.usernameKey !== null) state.userIdByUsernameKey.delete(current.usernameKey)
      state.userIdByEmailKey.set(next.emailKey, id)
      if (next.usernameKey !== null) state.userIdByUsernameKey.set(next.usernameKey, id)
      state.users.set(id, next)
      return copyUser(next)
    },

    async replacePasswordHash(id, expectedHash, newHash, updatedAt) {
      const current = state.users.get(id)
      if (!current || current.passwordHash !== expectedHash) return false
      state.users.set(id, { ...current, passwordHash: newHash, updatedAt: new Date(updatedAt) })
      return true
    },

    async deleteUser(id) {
      const user = state.users.get(id)
      if (!user) return false
      for (const sessionId of [...(state.sessionIdsByUserId.get(id) ?? [])]) removeSession(state, sessionId)
      for (const key of [...(state.tokenKeysByUserId.get(id) ?? [])]) removeToken(state, key)
      for (const hash of [...(state.refreshTokenHashesByUserId.get(id) ?? [])])
        removeRefreshToken(state, hash)
      for (const keyId of [...(state.apiKeyIdsByUserId.get(id) ?? [])]) removeApiKey(state, keyId)
      for (const passkeyId of [...(state.passkeyIdsByUserId.get(id) ?? [])]) removePasskey(state, passkeyId)
      state.totpFactors.delete(id)
      state.backupCodes.delete(id)
      state.users.delete(id)
      state.userIdByEmailKey.delete(user.emailKey)
      if (user.usernameKey !== null) state.userIdByUsernameKey.delete(user.usernameKey)
      return true
    },

    async listUsers({ limit, cursor, emailPrefix }) {
      const ids = [...state.users.values()]
        .filter((user) => emailPrefix === undefined || user.emailKey.startsWith(emailPrefix))
        .map((user) => user.id)
        .filter((id) => cursor === undefined || id > cursor)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, Math.max(0, limit))
      return ids.map((id) => copyUser(state.users.get(id)!))
    },
  }
}

/** `current` with the patch's present keys applied (a key set to undefined counts as absent), deep-copied. */
function applyPatch(current: UserRecord, patch: UserPatch): UserRecord {
  const next = copyUser(current)
  if (patch.email !== undefined) next.email = patch.email
  if (patch.emailKey !== undefined) next.emailKey = patch.emailKey
  if (patch.emailVerified !== undefined) next.emailVerified = patch.emailVerified
  if (patch.username !== undefined) next.username = patch.username
  if (patch.usernameKey !== undefined) next.usernameKey = patch.usernameKey
  if (patch.passwordHash !== undefined) next.passwordHash = patch.passwordHash
  if (patch.isActive !== undefined) next.isActive = patch.isActive
  if (patch.roles !== undefined) next.roles = [...patch.roles]
  if (patch.fields !== undefined) next.fields = structuredClone(patch.fields)
  if (patch.lastLoginAt !== undefined)
    next.lastLoginAt = patch.lastLoginAt === null ? null : new Date(patch.lastLoginAt)
  next.updatedAt = new Date(patch.updatedAt)
  return next
}

function userByIndex(state: MemoryState, index: Map<string, string>, key: string): UserRecord | undefined {
  const id = index.get(key)
  return id === undefined ? undefined : state.users.get(id)
}

function copyOrNull(user: UserRecord | undefined): UserRecord | null {
  return user ? copyUser(user) : null
}
