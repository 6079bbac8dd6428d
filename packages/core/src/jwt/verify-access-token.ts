import { parseJsonObject, verifyCompactJws } from './compact-jws.js'
import type { KeyRing } from './import-keys.js'
import type { JwtVerification, ResolvedJwtConfig } from './types.js'
import { validateAccessTokenClaims } from './validate-claims.js'

/**
 * Verifies an access token and says why it was refused. Never throws.
 *
 * 1. the JWS checks of {@link verifyCompactJws}: size, strict compact form, header parameters
 *    (`alg`, `kid`, `typ` only), `alg` allow-list, `kid` lookup, `alg` pinned to the key, signature;
 *    `typ` is checked among them, before the key is looked up: `at+jwt` or `application/at+jwt`,
 *    case-insensitively (RFC 9068 §4, `wrong_typ`);
 * 2. the payload is a JSON object (`malformed`) and its claims pass {@link validateAccessTokenClaims}.
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
  const verified = await verifyCompactJws(token, ring.verification, {
    maxTokenBytes: config.maxTokenBytes,
    checkHeader: (header) => (isAccessTokenType(header.typ) ? null : 'wrong_typ'),
  })
  if (!verified.ok) return { valid: false, reason: verified.reason }
  const claims = parseJsonObject(verified.jws.payload)
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
