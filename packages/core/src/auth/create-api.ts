import type { Deps } from '../config/resolve-config.js'
import { NotFoundError } from '../errors/errors.js'
import { changePassword, setPassword } from '../flows/change-password.js'
import { verifyCredentials } from '../flows/login.js'
import { createUser } from '../flows/register.js'
import { resetSecondFactors, twoFactorStatus } from '../flows/totp.js'
import { updateUser } from '../flows/update-user.js'
import { sessionCookie } from '../http/session-cookie.js'
import type { AccessTokenPayload, JsonValue } from '../jwt/types.js'
import { createSession } from '../sessions/create-session.js'
import { validateSession } from '../sessions/validate-session.js'
import { emailPrefixKey, normalizeEmail, normalizeUsername } from '../users/normalize.js'
import { toUser } from '../users/to-user.js'
import { type AuthApi, type AuthJwtApi, toSession } from './types.js'

/** Largest page `listUsers` returns. */
const MAX_LIST_LIMIT = 1000

/** The trusted server API over the flows. Every function takes explicit, typed arguments. */
export function createApi<F extends object>(deps: Deps): AuthApi<F> {
  const { storage, clock } = deps
  return {
    async createUser(input) {
      return toUser<F>(await createUser(deps, input))
    },
    async getUser(userId) {
      const record = await storage.getUserById(userId)
      return record ? toUser<F>(record) : null
    },
    async findUserByEmail(email) {
      const normalized = normalizeEmail(email)
      const record = normalized ? await storage.getUserByEmail(normalized.key) : null
      return record ? toUser<F>(record) : null
    },
    async findUserByUsername(username) {
      const normalized = normalizeUsername(username)
      const record = normalized ? await storage.getUserByUsername(normalized.key) : null
      return record ? toUser<F>(record) : null
    },
    async updateUser(userId, input) {
      return toUser<F>(await updateUser(deps, userId, input))
    },
    deleteUser: (userId) => storage.deleteUser(userId),
    async listUsers(options = {}) {
      const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 100)), MAX_LIST_LIMIT)
      const records = await storage.listUsers({
        limit,
        ...(options.cursor ? { cursor: options.cursor } : {}),
        ...(options.emailPrefix ? { emailPrefix: emailPrefixKey(options.emailPrefix) } : {}),
      })
      return records.map((record) => toUser<F>(record))
    },
    async verifyCredentials(input, context) {
      return toUser<F>(await verifyCredentials(deps, input, context))
    },
    changePassword: (userId, input) => changePassword(deps, userId, input),
    setPassword: (userId, newPassword) => setPassword(deps, userId, newPassword),
    async createSession(userId, options) {
      const { token, session } = await createSession(deps, userId, options)
      return { token, session, cookie: sessionCookie(deps.config, token) }
    },
    async validateSession(token) {
      const result = await validateSession(deps, token)
      return result ? { session: result.session, user: toUser<F>(result.user) } : null
    },
    async listSessions(userId) {
      return (await storage.listUserSessions(userId, clock.now())).map(toSession)
    },
    revokeSession: (userId, sessionId) => storage.deleteUserSession(userId, sessionId),
    revokeSessions: (userId, options = {}) => storage.deleteUserSessions(userId, options.exceptSessionId),
    twoFactorStatus: (userId) => twoFactorStatus(deps, userId),
    resetSecondFactors: (userId) => resetSecondFactors(deps, userId),
    jwt: deps.accessTokens ? createJwtApi(deps, deps.accessTokens) : null,
  }
}

function createJwtApi(deps: Deps, service: NonNullable<Deps['accessTokens']>): AuthJwtApi {
  return {
    async createAccessToken(userId, options = {}) {
      const user = await deps.storage.getUserById(userId)
      if (!user) throw new NotFoundError('user not found')
      const accessToken = await service.issue({
        user,
        sessionId: options.sessionId ?? null,
        scopes: options.scopes ?? ['*'],
      })
      return { accessToken, tokenType: 'Bearer', expiresIn: service.ttlSeconds }
    },
    async verify(token) {
      const verified = await service.verify(token)
      return verified ? (verified.claims as AccessTokenPayload<Record<string, JsonValue>>) : null
    },
    extractToken: (request) => service.extract(request),
    jwks: () => service.jwks(),
    generatedKey: () => service.generatedKey(),
  }
}
