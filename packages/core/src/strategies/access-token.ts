import { isApiKey } from '../api-keys/api-key-token.js'
import { type AuthStrategy, type Principal, toSession } from '../auth/types.js'
import type { Deps } from '../config/resolve-config.js'
import { toUser } from '../users/to-user.js'

/**
 * The bearer access-token (JWT) strategy: the token from the configured locations, verified
 * (signature with the key its `kid` names, algorithm pinned, claims), then its user read in one
 * storage call, so a disabled or deleted user is refused at once. In strict mode that one call
 * is the token's session with its user: a logout or revocation takes effect before `exp`.
 */
export function accessTokenStrategy(deps: Deps): AuthStrategy | null {
  const service = deps.accessTokens
  if (!service) return null
  return {
    name: 'jwt',
    async authenticate(request): Promise<Principal | null> {
      const token = service.extract(request)
      if (!token || isApiKey(token)) return null
      const verified = await service.verify(token)
      if (!verified) return null
      if (service.strict) {
        if (!verified.sessionId) return null
        const found = await deps.storage.getSessionAndUser(verified.sessionId, deps.clock.now())
        if (!found || found.user.id !== verified.userId || !found.user.isActive) return null
        return {
          user: toUser(found.user),
          session: toSession(found.session),
          sessionId: found.session.id,
          method: 'jwt',
          scopes: verified.scopes,
        }
      }
      const user = await deps.storage.getUserById(verified.userId)
      if (!user?.isActive) return null
      return {
        user: toUser(user),
        session: null,
        sessionId: verified.sessionId,
        method: 'jwt',
        scopes: verified.scopes,
      }
    },
  }
}
