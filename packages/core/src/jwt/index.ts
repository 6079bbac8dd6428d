export type { JwtAlgorithm } from './algorithms.js'
export { isJwtAlgorithm, JWT_ALGORITHMS } from './algorithms.js'
export { createJwtIssuer } from './create-jwt-issuer.js'
export type { BearerTokenExtractor } from './extract-bearer-token.js'
export { createBearerTokenExtractor, extractBearerToken } from './extract-bearer-token.js'
export {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_MAX_TOKEN_BYTES,
  resolveJwtConfig,
} from './resolve-jwt-config.js'
export { RESERVED_CLAIM_NAMES } from './sign-access-token.js'
export type {
  AccessTokenClaims,
  AccessTokenInput,
  AccessTokenPayload,
  BearerTokenLocations,
  GeneratedJwtKey,
  JsonValue,
  JsonWebKeySet,
  JwtIssuer,
  JwtIssuerContext,
  JwtKeyInput,
  JwtOptions,
  JwtRejectReason,
  JwtResolveContext,
  JwtVerification,
  PublicJwk,
  ReservedClaimName,
  ResolvedJwtConfig,
  ResolvedJwtKey,
  SignedAccessToken,
} from './types.js'
