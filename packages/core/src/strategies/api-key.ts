import { isApiKey } from '../api-keys/api-key-token.js'
import type { AuthStrategy, Principal } from '../auth/types.js'
import { secondsBetween } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { hashToken } from '../crypto/hash.js'
import { createBearerTokenExtractor } from '../jwt/extract-bearer-token.js'
import { toUser } from '../users/to-user.js'

/**
 * The API-key strategy: a key in `X-API-Key`, or as `Authorization: Bearer pcl_…`. One storage
 * round trip finds key and user by the key's SHA-256 (a 256-bit key needs no slower hash and
 * its lookup leaks nothing useful). Last use is written at most every `touchIntervalSeconds`.
 */
export function apiKeyStrategy(deps: Deps): AuthStrategy {
  const { touchIntervalSeconds } = deps.config.apiKeys
  const bearerToken = createBearerTokenExtractor()
  return {
    name: 'api_key',
    async authenticate(request): Promise<Principal | null> {
      const key = request.headers.get('x-api-key')?.trim() ?? bearerToken(request)
      if (!key || !isApiKey(key)) return null
      const now = deps.clock.now()
      const found = await deps.storage.getApiKeyAndUser(hashToken(key), now)
      if (!found?.user.isActive) return null
      const { apiKey } = found
      if (!apiKey.lastUsedAt || secondsBetween(apiKey.lastUsedAt, now) >= touchIntervalSeconds)
        await deps.storage.touchApiKey(apiKey.id, now)
      return {
        user: toUser(found.user),
        session: null,
        sessionId: null,
        method: 'api_key',
        scopes: [...apiKey.scopes],
      }
    },
  }
}
