import { describe, expect, it } from 'vitest'
import { addSeconds } from '../../clock/clock.js'
import { StorageUnavailableError } from '../../errors/errors.js'
import type { Storage } from '../../storage/types.js'
import {
  buildApiKey,
  buildPasskey,
  buildRefreshToken,
  buildSession,
  buildToken,
  buildTotpFactor,
  buildUser,
} from '../record-builders.js'
import type { StorageConformanceOptions } from '../types.js'
import type { Harness } from './harness.js'

type OutageCall = (storage: Storage, now: Date) => Promise<unknown>

/** One call per method of the port, with plausible arguments. */
const CALLS: Record<keyof Storage, OutageCall> = {
  createUser: (s, now) => s.createUser(buildUser({ createdAt: now })),
  getUserById: (s, now) => s.getUserById(buildUser({ createdAt: now }).id),
  getUserByEmail: (s) => s.getUserByEmail('ada@example.com'),
  getUserByUsername: (s) => s.getUserByUsername('ada'),
  updateUser: (s, now) =>
    s.updateUser(buildUser({ createdAt: now }).id, { emailVerified: true, updatedAt: now }),
  replacePasswordHash: (s, now) => s.replacePasswordHash(buildUser({ createdAt: now }).id, 'a', 'b', now),
  deleteUser: (s, now) => s.deleteUser(buildUser({ createdAt: now }).id),
  listUsers: (s) => s.listUsers({ limit: 10 }),
  createSession: (s, now) => s.createSession(buildSession({ userId: buildUser().id, createdAt: now })),
  getSessionAndUser: (s, now) => s.getSessionAndUser('some-session', now),
  getSession: (s, now) => s.getSession('some-session', now),
  touchSession: (s, now) => s.touchSession('some-session', now, addSeconds(now, 600)),
  listUserSessions: (s, now) => s.listUserSessions(buildUser().id, now),
  deleteUserSession: (s) => s.deleteUserSession(buildUser().id, 'some-session'),
  deleteSession: (s) => s.deleteSession('some-session'),
  deleteUserSessions: (s) => s.deleteUserSessions(buildUser().id),
  createToken: (s, now) => s.createToken(buildToken({ userId: buildUser().id, createdAt: now })),
  consumeToken: (s, now) => s.consumeToken('password_reset', 'a'.repeat(64), now),
  deleteUserTokens: (s) => s.deleteUserTokens(buildUser().id),
  hitRateLimit: (s, now) => s.hitRateLimit('login:ada', 60, now),
  resetRateLimit: (s) => s.resetRateLimit('login:ada'),
  createRefreshToken: (s, now) =>
    s.createRefreshToken(buildRefreshToken({ userId: buildUser().id, createdAt: now })),
  rotateRefreshToken: (s, now) =>
    s.rotateRefreshToken('a'.repeat(64), buildRefreshToken({ userId: buildUser().id, createdAt: now }), now),
  getRefreshToken: (s, now) => s.getRefreshToken('a'.repeat(64), now),
  deleteRefreshTokenFamily: (s, now) =>
    s.deleteRefreshTokenFamily(buildRefreshToken({ userId: buildUser().id, createdAt: now }).familyId),
  deleteUserRefreshTokens: (s) => s.deleteUserRefreshTokens(buildUser().id),
  createApiKey: (s, now) => s.createApiKey(buildApiKey({ userId: buildUser().id, createdAt: now })),
  getApiKeyAndUser: (s, now) => s.getApiKeyAndUser('a'.repeat(64), now),
  listUserApiKeys: (s, now) => s.listUserApiKeys(buildUser().id, now),
  deleteUserApiKey: (s, now) =>
    s.deleteUserApiKey(buildUser().id, buildApiKey({ userId: 'x', createdAt: now }).id),
  deleteUserApiKeys: (s) => s.deleteUserApiKeys(buildUser().id),
  touchApiKey: (s, now) => s.touchApiKey(buildApiKey({ userId: 'x', createdAt: now }).id, now),
  putTotpFactor: (s, now) => s.putTotpFactor(buildTotpFactor({ userId: buildUser().id, createdAt: now })),
  getTotpFactor: (s) => s.getTotpFactor(buildUser().id),
  acceptTotpStep: (s) => s.acceptTotpStep(buildUser().id, 'v1.a.b', 1),
  deleteTotpFactor: (s) => s.deleteTotpFactor(buildUser().id),
  replaceBackupCodes: (s) => s.replaceBackupCodes(buildUser().id, ['a'.repeat(64)]),
  consumeBackupCode: (s) => s.consumeBackupCode(buildUser().id, 'a'.repeat(64)),
  countBackupCodes: (s) => s.countBackupCodes(buildUser().id),
  getSecondFactors: (s) => s.getSecondFactors(buildUser().id),
  createPasskey: (s, now) => s.createPasskey(buildPasskey({ userId: buildUser().id, createdAt: now })),
  getPasskeyAndUser: (s) => s.getPasskeyAndUser('some-credential'),
  listUserPasskeys: (s) => s.listUserPasskeys(buildUser().id),
  deleteUserPasskey: (s) => s.deleteUserPasskey(buildUser().id, buildUser().id),
  recordPasskeyUse: (s, now) => s.recordPasskeyUse(buildUser().id, 0, 1, now),
}

/**
 * Declares, when `options.simulateOutage` is given, one case per method: once the backend is
 * down, the call rejects with `StorageUnavailableError` (never a raw driver error).
 *
 * @param h - the suite's harness
 * @param options - the suite's options
 */
export function describeOutage(h: Harness, options: StorageConformanceOptions): void {
  const simulateOutage = options.simulateOutage
  if (!simulateOutage) return
  describe('when the backend is down', () => {
    for (const [method, call] of Object.entries(CALLS)) {
      it(`${method} rejects with StorageUnavailableError`, async () => {
        await simulateOutage(h.storage, h.context)
        await expect(call(h.storage, h.clock.now())).rejects.toBeInstanceOf(StorageUnavailableError)
      })
    }
  })
}
