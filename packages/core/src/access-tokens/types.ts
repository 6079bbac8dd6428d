import type { JsonWebKeySet } from '../jwt/types.js'
import type { UserRecord } from '../storage/types.js'

/** What an access token says once verified. */
export interface VerifiedAccessToken {
  /** `sub`: the user. */
  userId: string
  /** `sid`: the session the token was issued under, or null. */
  sessionId: string | null
  scopes: string[]
  /** The whole payload, custom claims included. */
  claims: Record<string, unknown>
}

/** Issues and verifies access tokens (JWT); core's view of the `jwt` module. */
export interface AccessTokenService {
  /** Lifetime of an access token, in seconds (`expiresIn` of the token response). */
  readonly ttlSeconds: number
  /** Whether a token is also checked against its live session (`sid`) on every use. */
  readonly strict: boolean
  issue(input: { user: UserRecord; sessionId: string | null; scopes: string[] }): Promise<string>
  /** The verified token, or null for anything that is not a valid token of ours. */
  verify(token: string): Promise<VerifiedAccessToken | null>
  /** The public keys, as a JWK Set. */
  jwks(): Promise<JsonWebKeySet>
  /** Where tokens are looked for on a request; null when none is there. */
  extract(request: Request): string | null
}
