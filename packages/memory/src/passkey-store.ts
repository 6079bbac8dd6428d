import { type PasskeyRecord, type PasskeyStore, UniqueConstraintError } from '@portcullis/core'
import { copyPasskey, copyUser } from './copy.js'
import { addToIndex, type MemoryState, removePasskey } from './state.js'

/**
 * The {@link PasskeyStore} over `state`. The credential-id index is checked and written in one
 * synchronous step, so a credential id belongs to one passkey of one user.
 *
 * @param state - the maps shared with the other stores
 * @returns the passkey half of the memory storage
 */
export function createPasskeyStore(state: MemoryState): PasskeyStore {
  return {
    async createPasskey(passkey) {
      if (state.passkeyIdByCredentialId.has(passkey.credentialId))
        throw new UniqueConstraintError('credentialId')
      const stored = copyPasskey(passkey)
      removePasskey(state, stored.id)
      state.passkeys.set(stored.id, stored)
      state.passkeyIdByCredentialId.set(stored.credentialId, stored.id)
      addToIndex(state.passkeyIdsByUserId, stored.userId, stored.id)
    },

    async getPasskeyAndUser(credentialId) {
      const id = state.passkeyIdByCredentialId.get(credentialId)
      const passkey = id === undefined ? undefined : state.passkeys.get(id)
      const user = passkey && state.users.get(passkey.userId)
      if (!passkey || !user) return null
      return { passkey: copyPasskey(passkey), user: copyUser(user) }
    },

    async listUserPasskeys(userId) {
      const passkeys: PasskeyRecord[] = []
      for (const id of state.passkeyIdsByUserId.get(userId) ?? []) {
        const passkey = state.passkeys.get(id)
        if (passkey) passkeys.push(passkey)
      }
      return passkeys.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(copyPasskey)
    },

    async deleteUserPasskey(userId, id) {
      if (state.passkeys.get(id)?.userId !== userId) return false
      return removePasskey(state, id)
    },

    async recordPasskeyUse(id, expectedSignCount, signCount, lastUsedAt) {
      const passkey = state.passkeys.get(id)
      if (!passkey || passkey.signCount !== expectedSignCount) return false
      passkey.signCount = signCount
      passkey.lastUsedAt = new Date(lastUsedAt)
      return true
    },
  }
}
