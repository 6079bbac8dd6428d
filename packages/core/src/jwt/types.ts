import type { Clock } from '../clock/clock.js'
import type { Logger } from '../config/options.js'
import type { JwtAlgorithm } from './algorithms.js'

/** A JSON value: what a custom claim may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/**
 * A key for signing or verifying access tokens, bound to exactly one algorithm.
 *
 * - HS256/384/512: `secret`, random bytes of at least the hash size (32/48/64 bytes), as a
 *   string (UTF-8) or an oct JWK.
 * - RS256/PS256 (RSA >= 2048 bits), ES256 (P-256), EdDSA (Ed25519): `privateKey` (PEM PKCS#8
 *   `-----BEGIN PRIVATE KEY-----` or a private JWK) to sign, or `publicKey` (PEM SPKI
 *   `-----BEGIN PUBLIC KEY-----` or a public JWK) to verify only.
 */
export interface JwtKeyInput {
  /** Key id, put in the token header and the JWKS; unique among the keys. */
  kid: string
  /** The one algorithm this key is used with (RFC 8725 §3.1). */
  alg: JwtAlgorithm
  /**
   * HS* only: the shared secret, as a string (its UTF-8 bytes are the key) or as an oct JWK
   * (`{ kty: 'oct', k }`, raw bytes in base64url). Never a password, never a PEM.
   */
  secret?: string | JsonWebKey
  /** Asymmetric only: PEM PKCS#8 or private JWK. Its public half is derived for verification and the JWKS. */
  privateKey?: string | JsonWebKey
  /** Asymmetric only: PEM SPKI or public JWK. With `privateKey`, both must belong together. */
  publicKey?: string | JsonWebKey
  /**
   * `verify` keeps a key for verification only (a retired key during rotation). `sign` picks the
   * signing key explicitly. @default the first key able to sign signs, the others verify
   */
  use?: 'sign' | 'verify'
}

/** Options of the JWT access-token issuer (see {@link resolveJwtConfig}). */
export interface JwtOptions {
  /** `iss` of every token; verification requires an exact match. */
  issuer: string
  /** `aud` of every token; verification requires the token's `aud` to contain one of these. */
  audience: string | readonly string[]
  /** Access-token lifetime, 60..86400 seconds. @default 900 (15 minutes) */
  accessTokenTtlSeconds?: number
  /** Leeway for `nbf` and `iat` in the future (clocks of several servers), 0..60 seconds; never applied to `exp`. @default 30 */
  clockSkewSeconds?: number
  /** Longest token accepted, in bytes, checked before any parsing; 1024..65536. @default 8192 */
  maxTokenBytes?: number
  /**
   * Signing and verification keys. Exactly one signs; the others only verify, so keys rotate
   * without logging anyone out. Required in production; in development, when absent, an Ed25519
   * key is generated (see {@link JwtIssuer.generatedKey}).
   */
  keys?: readonly JwtKeyInput[]
}

/** What {@link resolveJwtConfig} needs besides the options. */
export interface JwtResolveContext {
  /** `production` refuses to start without keys; `development` generates an Ed25519 key with a warning. */
  mode: 'production' | 'development'
  /** Receives the development-key warning. Never receives a secret. */
  logger?: Pick<Logger, 'warn'>
}

/** What {@link createJwtIssuer} needs besides the resolved configuration. */
export interface JwtIssuerContext {
  /** Source of `iat`/`exp` when signing and of "now" when verifying. @default systemClock */
  clock?: Clock
}

/** A configured key after validation; secrets are still in their configured form until imported. */
export type ResolvedJwtKey =
  | {
      readonly source: 'secret'
      readonly kid: string
      readonly alg: JwtAlgorithm
      readonly use: 'sign' | 'verify'
      readonly secret: string | JsonWebKey
    }
  | {
      readonly source: 'asymmetric'
      readonly kid: string
      readonly alg: JwtAlgorithm
      readonly use: 'sign' | 'verify'
      readonly privateKey?: string | JsonWebKey
      readonly publicKey?: string | JsonWebKey
    }
  | {
      readonly source: 'generated'
      readonly kid: string
      readonly alg: 'EdDSA'
      readonly use: 'sign'
    }

/** The validated, frozen JWT configuration: every default filled in. */
export interface ResolvedJwtConfig {
  readonly issuer: string
  /** The accepted audiences; the first is not special. */
  readonly audiences: readonly string[]
  /** The `aud` claim put into tokens: a string when one audience was configured, else the array. */
  readonly audienceClaim: string | readonly string[]
  readonly accessTokenTtlSeconds: number
  readonly clockSkewSeconds: number
  readonly maxTokenBytes: number
  /** `kid` of the one signing key. */
  readonly signingKid: string
  /** Every key, signing key included, in configured order. */
  readonly keys: readonly ResolvedJwtKey[]
}

/** The standard claims of every Portcullis access token (RFC 9068 profile plus `sid`, `roles`, `scopes`). */
export interface AccessTokenClaims {
  /** Issuer: {@link JwtOptions.issuer}. */
  iss: string
  /** Audience(s): {@link JwtOptions.audience}. */
  aud: string | string[]
  /** Subject: the user id. */
  sub: string
  /** The session the token was issued for, when there is one (strict mode checks it is still live). */
  sid?: string
  /** Issued at, in seconds since the epoch. */
  iat: number
  /** Expires at (`iat` + TTL), in seconds since the epoch; the token is rejected from this second on. */
  exp: number
  /** Not before, in seconds since the epoch; only when a token carries it (Portcullis never sets it). */
  nbf?: number
  /** Unique token id (128 random bits): the key of any denylist, never the token or its hash (JWT-9). */
  jti: string
  /** The user's roles when the token was issued. */
  roles: string[]
  /** Scopes granted to the token. */
  scopes: string[]
}

/** Names custom claims can never use: they are set by the issuer. */
export type ReservedClaimName = keyof AccessTokenClaims

/** The payload of a verified token: the standard claims plus the custom claims `C`. */
export type AccessTokenPayload<C extends object = Record<never, never>> = AccessTokenClaims & C

/** What to put into a new access token; the issuer adds iss, aud, iat, exp and jti. */
export interface AccessTokenInput<C extends object = Record<never, never>> {
  /** The user id. */
  sub: string
  /** The session id, when the token belongs to a session. */
  sid?: string
  /** @default [] */
  roles?: readonly string[]
  /** @default [] */
  scopes?: readonly string[]
  /** Custom claims: JSON values under names that are not {@link ReservedClaimName}s. */
  claims?: C & { [K in ReservedClaimName]?: never }
}

/** A token just signed, with what a login or refresh response needs. */
export interface SignedAccessToken<C extends object = Record<never, never>> {
  /** The compact JWS. */
  token: string
  /** Its payload, as {@link JwtIssuer.verify} will return it. */
  payload: AccessTokenPayload<C>
  /** When it expires (`exp`). */
  expiresAt: Date
  /** Its lifetime in seconds, for an OAuth-style `expires_in`. */
  expiresInSeconds: number
}

/**
 * Why a token was refused. Every one of them means "no valid credential" (HTTP 401); only
 * `expired` is worth telling the client apart (it may refresh).
 */
export type JwtRejectReason =
  /** Not a compact JWS: segments, characters, non-canonical base64url, non-JSON header or payload. */
  | 'malformed'
  /** Longer than {@link JwtOptions.maxTokenBytes}, refused before parsing. */
  | 'too_large'
  /** A header parameter other than `alg`, `kid`, `typ` (e.g. `jwk`, `jku`, `x5u`, `x5c`, `crit`, `b64`). */
  | 'unsupported_header'
  /** `alg` is `none` (any casing), unsupported, or not the algorithm of the key named by `kid`. */
  | 'alg_not_allowed'
  /** `typ` is absent or not `at+jwt` / `application/at+jwt` (case-insensitive). */
  | 'wrong_typ'
  /** No `kid`, or a `kid` that names no configured key. */
  | 'unknown_kid'
  /** The signature does not verify with the key named by `kid`. */
  | 'bad_signature'
  /** `exp` is now or past (no leeway). */
  | 'expired'
  /** `nbf` is later than now plus the skew. */
  | 'not_yet_valid'
  /** `iat` is later than now plus the skew. */
  | 'issued_in_future'
  /** `iss` is not the configured issuer. */
  | 'wrong_issuer'
  /** `aud` is absent, empty, or names none of the configured audiences. */
  | 'wrong_audience'
  /** A required claim is missing or of the wrong type (`sub`, `iat`, `exp`, `jti`, `roles`, `scopes`, `sid`, `nbf`). */
  | 'invalid_claims'

/** The outcome of {@link JwtIssuer.verifyDetailed}. */
export type JwtVerification<C extends object = Record<never, never>> =
  | { valid: true; payload: AccessTokenPayload<C> }
  | { valid: false; reason: JwtRejectReason }

/** A public key as published in the JWKS: public members only, with `kid`, `alg` and `use: 'sig'`. */
export interface PublicJwk {
  kty: 'RSA' | 'EC' | 'OKP'
  kid: string
  alg: JwtAlgorithm
  use: 'sig'
  /** RSA modulus. */
  n?: string
  /** RSA exponent. */
  e?: string
  /** EC / OKP curve. */
  crv?: string
  /** EC / OKP public point. */
  x?: string
  /** EC public point. */
  y?: string
}

/** A JSON Web Key Set (RFC 7517 §5) of public verification keys. */
export interface JsonWebKeySet {
  keys: PublicJwk[]
}

/** The development key generated when no keys are configured: pass it back in `keys` to keep tokens valid across restarts. */
export interface GeneratedJwtKey extends JwtKeyInput {
  alg: 'EdDSA'
  /** The private Ed25519 JWK (`kty`, `crv`, `x`, `d`). Keep it out of version control. */
  privateKey: JsonWebKey
}

/** The access-token issuer and verifier returned by {@link createJwtIssuer}. */
export interface JwtIssuer<C extends object = Record<never, never>> {
  /** The resolved configuration (issuer, audiences, TTL, skew, signing `kid`). Holds secrets: never log it. */
  readonly config: ResolvedJwtConfig
  /**
   * Imports every key (once; later calls share the result). Call it at startup to fail fast: a
   * key that cannot be imported rejects with a {@link ConfigError} listing every such key.
   */
  ready(): Promise<void>
  /** Signs an access token for `input.sub`. @throws {TypeError} on a reserved or non-JSON custom claim. */
  sign(input: AccessTokenInput<C>): Promise<SignedAccessToken<C>>
  /** The payload of a valid access token, or null for any invalid, expired or malformed one. */
  verify(token: string): Promise<AccessTokenPayload<C> | null>
  /** Like {@link JwtIssuer.verify}, with the reason of a refusal. */
  verifyDetailed(token: string): Promise<JwtVerification<C>>
  /** The public verification keys (never HMAC secrets, never private members). */
  jwks(): Promise<JsonWebKeySet>
  /** The generated development key as a private JWK, or null when keys were configured. */
  generatedKey(): Promise<GeneratedJwtKey | null>
}

/** Where {@link extractBearerToken} looks for an access token, in this order: header, cookie, query. */
export interface BearerTokenLocations {
  /**
   * The header and its auth scheme (compared case-insensitively), or `false` to ignore headers.
   * @default { name: 'authorization', scheme: 'Bearer' }
   */
  header?: { name?: string; scheme?: string } | false
  /** Name of a cookie holding the bare token (exact, case-sensitive match). @default none */
  cookie?: string
  /**
   * Name of a query parameter holding the token. Off unless set: tokens in URLs leak into logs
   * and `Referer` (RFC 9700, TOK-2). @default none
   */
  query?: string
  /** Longest token returned, in bytes; longer values count as absent. @default 8192 */
  maxTokenBytes?: number
}
