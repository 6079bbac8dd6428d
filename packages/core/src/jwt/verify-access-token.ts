import {
  ACCESS_TOKEN_HEADER_PARAMETERS,
  checkJwsHeader,
  parseCompactJws,
  parseJsonObject,
  verifyJwsSignature,
} from './compact-jws.js'
import type { KeyRing } from './import-keys.js'
import type { JwtVerification, ResolvedJwtConfig } from './types.js'
import { validateAccessTokenClaims } from './validate-claims.js'

/**
 * Verifies an access token, cheapest checks first, and says why it was refused. Never throws.
 *
 * 1. length cap, strict compact serialisation, canonical base64url, JSON header (`too_large`, `malformed`);
 * 2. header parameters limited to `alg`, `kid`, `typ` (`unsupported_header`: `jwk`, `jku`,
 *    `x5u`, `x5c`, `crit`, …); `alg` one of the supported ones, exactly (`alg_not_allowed`: `none`
 *    in any casing);
 * 3. `typ` is `at+jwt` or `application/at+jwt`, case-insensitively (RFC 9068 §4, `wrong_typ`);
 * 4. `kid` present and naming a configured key, by exact match in a map (`unknown_kid`): a token
 *    without `kid` is refused even when only one key is configured, since every token Portcullis
 *    signs has one;
 * 5. `alg` equals that key's algorithm (`alg_not_allowed`), then the signature (`bad_signature`);
 * 6. the payload is a JSON object and its claims pass {@link validateAccessTokenClaims}.
 *
 * @param token - untrusted input
 * @param ring - the imported keys
 * @param config - issuer, audiences, skew, size cap
 * @param now - the current time
 * @returns the typed payload, or the reason of the refusal
 * @example
 * ```ts
 * const result = await verifyAccessToken(token, ring, config, clock.now())
 * if (!result.valid && result.reason === 'expired') { ... }
 * ```
 */
export async function verifyAccessToken<C extends object>(
  token: unknown,
  ring: KeyRing,
  config: ResolvedJwtConfig,
  now: Date,
): Promise<JwtVerification<C>> {
  const parsed = parseCompactJws(token, config.maxTokenBytes)
  if (!parsed.ok) return { valid: false, reason: parsed.reason }
  const { header } = parsed.jws
  const headerProblem = checkJwsHeader(header, ACCESS_TOKEN_HEADER_PARAMETERS)
  if (headerProblem) return { valid: false, reason: headerProblem }
  if (!isAccessTokenType(header.typ)) return { valid: false, reason: 'wrong_typ' }
  const key = typeof header.kid === 'string' ? ring.verification.get(header.kid) : undefined
  if (!key) return { valid: false, reason: 'unknown_kid' }
  const signatureProblem = await verifyJwsSignature(parsed.jws, key)
  if (signatureProblem) return { valid: false, reason: signatureProblem }
  const claims = parseJsonObject(parsed.jws.payload)
  if (!claims) return { valid: false, reason: 'malformed' }
  const result = validateAccessTokenClaims<C>(claims, config, now)
  return result.ok ? { valid: true, payload: result.payload } : { valid: false, reason: result.reason }
}

/** `at+jwt` or `application/at+jwt`, compared case-insensitively as media types are (RFC 9068 §4, RFC 7515 §4.1.9). */
function isAccessTokenType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false
  const normalized = typ.toLowerCase()
  return normalized === 'at+jwt' || normalized === 'application/at+jwt'
}
