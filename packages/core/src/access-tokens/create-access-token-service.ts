import type { User } from '../auth/types.js'
import type { Clock } from '../clock/clock.js'
import { createJwtIssuer } from '../jwt/create-jwt-issuer.js'
import { createBearerTokenExtractor } from '../jwt/extract-bearer-token.js'
import type { BearerTokenLocations, JsonValue, ResolvedJwtConfig } from '../jwt/types.js'
import { toUser } from '../users/to-user.js'
import type { AccessTokenService } from './types.js'

/** Settings of the access-token service besides the keys. */
export interface AccessTokenServiceOptions {
  clock: Clock
  strict: boolean
  locations: BearerTokenLocations
  /** Custom claims from the user (reserved claim names are refused by the signer). */
  claims?: ((user: User) => Record<string, JsonValue>) | undefined
}

/** Core's access-token service over the `jwt` module: keys imported once, on first use. */
export function createAccessTokenService(
  config: ResolvedJwtConfig,
  options: AccessTokenServiceOptions,
): AccessTokenService & { generatedKey: ReturnType<typeof createJwtIssuer>['generatedKey'] } {
  const issuer = createJwtIssuer<Record<string, JsonValue>>(config, { clock: options.clock })
  const extract = createBearerTokenExtractor(options.locations)
  return {
    ttlSeconds: config.accessTokenTtlSeconds,
    strict: options.strict,
    async issue({ user, sessionId, scopes }) {
      const signed = await issuer.sign({
        sub: user.id,
        ...(sessionId ? { sid: sessionId } : {}),
        roles: user.roles,
        scopes,
        ...(options.claims ? { claims: options.claims(toUser(user)) } : {}),
      })
      return signed.token
    },
    async verify(token) {
      const payload = await issuer.verify(token)
      if (!payload) return null
      return {
        userId: payload.sub,
        sessionId: payload.sid ?? null,
        scopes: [...payload.scopes],
        claims: { ...payload },
      }
    },
    jwks: () => issuer.jwks(),
    extract,
    generatedKey: () => issuer.generatedKey(),
  }
}
