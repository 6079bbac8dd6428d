import type { AccessTokenPayload, JwtRejectReason, ResolvedJwtConfig } from './types.js'

/** The outcome of {@link validateAccessTokenClaims}. */
export type ClaimsValidation<C extends object> =
  | { ok: true; payload: AccessTokenPayload<C> }
  | { ok: false; reason: JwtRejectReason }

/**
 * Validates the claims of a signature-checked access token (JWT-4), in this order:
 *
 * 1. types: `sub`, `jti` non-empty strings; `iat`, `exp` finite numbers; `roles`, `scopes` arrays
 *    of strings; `sid` (non-empty string) and `nbf` (finite number) when present; else
 *    `invalid_claims` (so a token without `exp` never passes);
 * 2. `iss` present and equal to the configured issuer (`wrong_issuer`);
 * 3. `aud` (a string or an array of strings) contains a configured audience; absent, empty or
 *    of another type is `wrong_audience`;
 * 4. `exp` is still ahead: rejected from the second it names, with no leeway (`expired`);
 * 5. `nbf` and `iat` are no later than now plus the skew (`not_yet_valid`, `issued_in_future`).
 *
 * Issuer and audience come before time, so `expired` is only ever said of a token that would
 * otherwise be valid (a client may then refresh).
 *
 * @param claims - the decoded payload object
 * @param config - issuer, audiences and skew
 * @param now - the current time (from the injected clock)
 * @returns the typed payload, or the reason of the refusal
 * @example
 * ```ts
 * const result = validateAccessTokenClaims(claims, config, clock.now())
 * if (!result.ok) console.log(result.reason) // e.g. 'expired'
 * ```
 */
export function validateAccessTokenClaims<C extends object>(
  claims: Record<string, unknown>,
  config: Pick<ResolvedJwtConfig, 'issuer' | 'audiences' | 'clockSkewSeconds'>,
  now: Date,
): ClaimsValidation<C> {
  if (!hasAccessTokenShape(claims)) return { ok: false, reason: 'invalid_claims' }
  if (claims.iss !== config.issuer) return { ok: false, reason: 'wrong_issuer' }
  const aud: unknown = claims.aud
  const audiences = typeof aud === 'string' ? [aud] : isStringArray(aud) ? aud : []
  if (!audiences.some((audience) => config.audiences.includes(audience)))
    return { ok: false, reason: 'wrong_audience' }
  const nowSeconds = now.getTime() / 1000
  if (nowSeconds >= claims.exp) return { ok: false, reason: 'expired' }
  const latest = nowSeconds + config.clockSkewSeconds
  if (claims.nbf !== undefined && claims.nbf > latest) return { ok: false, reason: 'not_yet_valid' }
  if (claims.iat > latest) return { ok: false, reason: 'issued_in_future' }
  return { ok: true, payload: claims as AccessTokenPayload<C> }
}

function hasAccessTokenShape(
  claims: Record<string, unknown>,
): claims is Record<string, unknown> & Omit<AccessTokenPayload, 'iss' | 'aud'> {
  const { sub, jti, iat, exp, nbf, sid, roles, scopes } = claims
  return (
    isNonEmptyString(sub) &&
    isNonEmptyString(jti) &&
    isFiniteNumber(iat) &&
    isFiniteNumber(exp) &&
    (nbf === undefined || isFiniteNumber(nbf)) &&
    (sid === undefined || isNonEmptyString(sid)) &&
    isStringArray(roles) &&
    isStringArray(scopes)
  )
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string')
}
