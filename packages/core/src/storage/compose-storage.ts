import type {
  ApiKeyStore,
  PasskeyStore,
  RateLimitStore,
  RefreshTokenStore,
  SessionStore,
  Storage,
  TokenStore,
  TwoFactorStore,
  UserStore,
} from './types.js'

/**
 * The store for each concern. The same object may serve several. API keys, second factors and
 * passkeys are durable, and API keys and passkeys are looked up with their user in one round
 * trip, so they live with the users.
 */
export interface StorageParts {
  users: UserStore & ApiKeyStore & TwoFactorStore & PasskeyStore
  sessions: SessionStore
  tokens: TokenStore
  rateLimits: RateLimitStore
  /** Defaults to `sessions` when that store has refresh tokens too, else `users`. */
  refreshTokens?: RefreshTokenStore
}

/**
 * Composes one {@link Storage} from stores by concern, e.g. users in SQL and the ephemeral data
 * (sessions, one-time tokens, rate-limit counters) in Redis.
 *
 * What changes when concerns live apart:
 * - a session check is two round trips (`getSession`, then `getUserById`) instead of one;
 * - deleting a user deletes the user first, then its sessions and tokens in their stores: a
 *   failure in between leaves sessions whose user is gone, which never authenticate (a session
 *   without its user is absent) and expire on their own.
 * When `sessions` and `users` are the same object, its one-round-trip `getSessionAndUser` is used.
 *
 * @param parts - the store for each concern.
 * @returns a `Storage` for `createAuth`.
 * @example
 * ```ts
 * const storage = composeStorage({ users: sql, sessions: redis, tokens: redis, rateLimits: redis })
 * const auth = createAuth({ storage, origins: 'https://app.example.com', secret })
 * ```
 */
export function composeStorage(parts: StorageParts): Storage {
  const { users, sessions, tokens, rateLimits } = parts
  const refreshTokens: RefreshTokenStore = parts.refreshTokens ?? pickRefreshStore(sessions, users)
  const sessionsWithUsers = (sessions as object) === (users as object)
  return {
    createUser: (user) => users.createUser(user),
    getUserById: (id) => users.getUserById(id),
    getUserByEmail: (emailKey) => users.getUserByEmail(emailKey),
    getUserByUsername: (usernameKey) => users.getUserByUsername(usernameKey),
    updateUser: (id, patch) => users.updateUser(id, patch),
    replacePasswordHash: (id, expected, next, updatedAt) =>
      users.replacePasswordHash(id, expected, next, updatedAt),
    async deleteUser(id) {
      const existed = await users.deleteUser(id)
      if ((sessions as object) !== (users as object)) await sessions.deleteUserSessions(id)
      if ((tokens as object) !== (users as object)) await tokens.deleteUserTokens(id)
      if ((refreshTokens as object) !== (users as object)) await refreshTokens.deleteUserRefreshTokens(id)
      return existed
    },
    listUsers: (options) => users.listUsers(options),

    createSession: (session) => sessions.createSession(session),
    async getSessionAndUser(id, now) {
      if (sessionsWithUsers) return sessions.getSessionAndUser(id, now)
      const session = await sessions.getSession(id, now)
      if (!session) return null
      const user = await users.getUserById(session.userId)
      return user ? { session, user } : null
    },
    getSession: (id, now) => sessions.getSession(id, now),
    touchSession: (id, lastSeenAt, idleExpiresAt) => sessions.touchSession(id, lastSeenAt, idleExpiresAt),
    listUserSessions: (userId, now) => sessions.listUserSessions(userId, now),
    deleteUserSession: (userId, sessionId) => sessions.deleteUserSession(userId, sessionId),
    deleteSession: (id) => sessions.deleteSession(id),
    deleteUserSessions: (userId, except) => sessions.deleteUserSessions(userId, except),

    createToken: (token) => tokens.createToken(token),
    consumeToken: (purpose, tokenHash, now) => tokens.consumeToken(purpose, tokenHash, now),
    deleteUserTokens: (userId, purpose) => tokens.deleteUserTokens(userId, purpose),

    hitRateLimit: (key, windowSeconds, now) => rateLimits.hitRateLimit(key, windowSeconds, now),
    resetRateLimit: (key) => rateLimits.resetRateLimit(key),

    createRefreshToken: (token) => refreshTokens.createRefreshToken(token),
    rotateRefreshToken: (tokenHash, next, now) => refreshTokens.rotateRefreshToken(tokenHash, next, now),
    getRefreshToken: (tokenHash, now) => refreshTokens.getRefreshToken(tokenHash, now),
    deleteRefreshTokenFamily: (familyId) => refreshTokens.deleteRefreshTokenFamily(familyId),
    deleteUserRefreshTokens: (userId) => refreshTokens.deleteUserRefreshTokens(userId),

    createApiKey: (key) => users.createApiKey(key),
    getApiKeyAndUser: (keyHash, now) => users.getApiKeyAndUser(keyHash, now),
    listUserApiKeys: (userId, now) => users.listUserApiKeys(userId, now),
    deleteUserApiKey: (userId, id) => users.deleteUserApiKey(userId, id),
    deleteUserApiKeys: (userId) => users.deleteUserApiKeys(userId),
    touchApiKey: (id, lastUsedAt) => users.touchApiKey(id, lastUsedAt),

    putTotpFactor: (factor) => users.putTotpFactor(factor),
    getTotpFactor: (userId) => users.getTotpFactor(userId),
    acceptTotpStep: (userId, sealedSecret, step, enabledAt) =>
      users.acceptTotpStep(userId, sealedSecret, step, enabledAt),
    deleteTotpFactor: (userId) => users.deleteTotpFactor(userId),
    replaceBackupCodes: (userId, codeHashes) => users.replaceBackupCodes(userId, codeHashes),
    consumeBackupCode: (userId, codeHash) => users.consumeBackupCode(userId, codeHash),
    countBackupCodes: (userId) => users.countBackupCodes(userId),
    getSecondFactors: (userId) => users.getSecondFactors(userId),

    createPasskey: (passkey) => users.createPasskey(passkey),
    getPasskeyAndUser: (credentialId) => users.getPasskeyAndUser(credentialId),
    listUserPasskeys: (userId) => users.listUserPasskeys(userId),
    deleteUserPasskey: (userId, id) => users.deleteUserPasskey(userId, id),
    recordPasskeyUse: (id, expected, signCount, lastUsedAt) =>
      users.recordPasskeyUse(id, expected, signCount, lastUsedAt),
  }
}

function isRefreshTokenStore(store: object): store is RefreshTokenStore {
  return typeof (store as Partial<RefreshTokenStore>).rotateRefreshToken === 'function'
}

function pickRefreshStore(sessions: SessionStore, users: StorageParts['users']): RefreshTokenStore {
  if (isRefreshTokenStore(sessions)) return sessions
  if (isRefreshTokenStore(users)) return users
  throw new TypeError('composeStorage: give refreshTokens, or a sessions or users store that has them')
}
