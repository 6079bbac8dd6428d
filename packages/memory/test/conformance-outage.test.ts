import { type Storage, StorageUnavailableError } from '@portcullis/core'
import { storageConformance } from '@portcullis/core/testing'
import { createMemoryStorage } from '../src/index.js'

/**
 * Memory storage has no backend that can fail, so this file checks the conformance suite's
 * outage cases (`simulateOutage`) against memory storage behind a switch that fails every call.
 * It is a test of the suite, run here because core's tests cannot depend on an adapter.
 */

const switches = new WeakMap<Storage, () => void>()

function behindSwitch(storage: Storage): Storage {
  let down = false
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (down) throw new StorageUnavailableError('storage unavailable')
      return method(...args)
    }
  const s = storage
  const switched: Storage = {
    createUser: guard(s.createUser),
    getUserById: guard(s.getUserById),
    getUserByEmail: guard(s.getUserByEmail),
    getUserByUsername: guard(s.getUserByUsername),
    updateUser: guard(s.updateUser),
    replacePasswordHash: guard(s.replacePasswordHash),
    deleteUser: guard(s.deleteUser),
    listUsers: guard(s.listUsers),
    createSession: guard(s.createSession),
    getSessionAndUser: guard(s.getSessionAndUser),
    getSession: guard(s.getSession),
    touchSession: guard(s.touchSession),
    listUserSessions: guard(s.listUserSessions),
    deleteUserSession: guard(s.deleteUserSession),
    deleteSession: guard(s.deleteSession),
    deleteUserSessions: guard(s.deleteUserSessions),
    createToken: guard(s.createToken),
    consumeToken: guard(s.consumeToken),
    deleteUserTokens: guard(s.deleteUserTokens),
    hitRateLimit: guard(s.hitRateLimit),
    resetRateLimit: guard(s.resetRateLimit),
    createRefreshToken: guard(s.createRefreshToken),
    rotateRefreshToken: guard(s.rotateRefreshToken),
    getRefreshToken: guard(s.getRefreshToken),
    deleteRefreshTokenFamily: guard(s.deleteRefreshTokenFamily),
    deleteUserRefreshTokens: guard(s.deleteUserRefreshTokens),
    createApiKey: guard(s.createApiKey),
    getApiKeyAndUser: guard(s.getApiKeyAndUser),
    listUserApiKeys: guard(s.listUserApiKeys),
    deleteUserApiKey: guard(s.deleteUserApiKey),
    deleteUserApiKeys: guard(s.deleteUserApiKeys),
    touchApiKey: guard(s.touchApiKey),
    putTotpFactor: guard(s.putTotpFactor),
    getTotpFactor: guard(s.getTotpFactor),
    acceptTotpStep: guard(s.acceptTotpStep),
    deleteTotpFactor: guard(s.deleteTotpFactor),
    replaceBackupCodes: guard(s.replaceBackupCodes),
    consumeBackupCode: guard(s.consumeBackupCode),
    countBackupCodes: guard(s.countBackupCodes),
    getSecondFactors: guard(s.getSecondFactors),
    createPasskey: guard(s.createPasskey),
    getPasskeyAndUser: guard(s.getPasskeyAndUser),
    listUserPasskeys: guard(s.listUserPasskeys),
    deleteUserPasskey: guard(s.deleteUserPasskey),
    recordPasskeyUse: guard(s.recordPasskeyUse),
  }
  switches.set(switched, () => {
    down = true
  })
  return switched
}

storageConformance('memory behind a failing switch', () => behindSwitch(createMemoryStorage()), {
  simulateOutage: (storage) => switches.get(storage)?.(),
})
