import { CompactSign } from 'jose'
import { randomToken } from '../crypto/random.js'
import type { KeyRing } from './import-keys.js'
import type {
  AccessTokenClaims,
  AccessTokenInput,
  AccessTokenPayload,
  ReservedClaimName,
  ResolvedJwtConfig,
  SignedAccessToken,
} from './types.js'

/** Claim names custom claims can never take: the issuer sets them. */
export const RESERVED_CLAIM_NAMES: ReadonlySet<ReservedClaimName> = new Set<ReservedClaimName>([
  'iss',
  'aud',
  'sub',
  'sid',
  'iat',
  'exp',
  'nbf',
  'jti',
  'roles',
  'scopes',
])

/** Bytes of randomness in `jti`: 128 bits, unique without coordination. */
const JTI_BYTES = 16

/**
 * Signs an access token with the signing key: header `{ alg, kid, typ: 'at+jwt' }` (RFC 9068),
 * claims `iss`, `aud`, `sub`, `sid` (when given), `iat` (now, whole seconds), `exp` (`iat` + TTL),
 * `jti` (128 random bits), `roles`, `scopes`, then the custom claims.
 *
 * @param input - subject, session, roles, scopes and custom claims, from trusted server code
 * @param ring - the imported keys
 * @param config - issuer, audience, TTL, size cap
 * @param now - the current time
 * @returns the token, its payload and its expiry
 * @throws {TypeError} (a caller's bug) when `sub` is empty, roles/scopes are not strings, a
 *   custom claim uses a reserved name or is not JSON, or the token would exceed `maxTokenBytes`
 * @example
 * ```ts
 * const { token, expiresInSeconds } = await signAccessToken(
 *   { sub: user.id, sid: session.id, roles: user.roles, scopes: ['read'], claims: { tenant: 't1' } },
 *   ring, config, clock.now(),
 * )
 * ```
 */
export async function signAccessToken<C extends object>(
  input: AccessTokenInput<C>,
  ring: KeyRing,
  config: ResolvedJwtConfig,
  now: Date,
): Promise<SignedAccessToken<C>> {
  const custom = checkInput(input)
  const iat = Math.floor(now.getTime() / 1000)
  const exp = iat + config.accessTokenTtlSeconds
  const standard: AccessTokenClaims = {
    iss: config.issuer,
    aud: typeof config.audienceClaim === 'string' ? config.audienceClaim : [...config.audienceClaim],
    sub: input.sub,
    ...(input.sid === undefined ? {} : { sid: input.sid }),
    iat,
    exp,
    jti: randomToken(JTI_BYTES),
    roles: [...(input.roles ?? [])],
    scopes: [...(input.scopes ?? [])],
  }
  const payload = { ...standard, ...custom } as AccessTokenPayload<C>
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: ring.signing.alg, kid: ring.signing.kid, typ: 'at+jwt' })
    .sign(ring.signing.key)
  if (token.length > config.maxTokenBytes)
    throw new TypeError(
      `access token is ${token.length} bytes, over maxTokenBytes; carry fewer custom claims`,
    )
  return {
    token,
    payload,
    expiresAt: new Date(exp * 1000),
    expiresInSeconds: config.accessTokenTtlSeconds,
  }
}

function checkInput(input: AccessTokenInput<object>): Record<string, unknown> {
  if (typeof input !== 'object' || input === null) throw new TypeError('access token input must be an object')
  if (typeof input.sub !== 'string' || input.sub === '') throw new TypeError('sub must be a non-empty string')
  if (input.sid !== undefined && (typeof input.sid !== 'string' || input.sid === ''))
    throw new TypeError('sid must be a non-empty string when given')
  for (const name of ['roles', 'scopes'] as const) {
    const list: unknown = input[name]
    if (list !== undefined && !(Array.isArray(list) && list.every((entry) => typeof entry === 'string')))
      throw new TypeError(`${name} must be an array of strings`)
  }
  const claims: unknown = input.claims
  if (claims === undefined) return {}
  if (!isPlainObject(claims)) throw new TypeError('claims must be a plain object')
  for (const [name, value] of Object.entries(claims)) {
    if (RESERVED_CLAIM_NAMES.has(name as ReservedClaimName))
      throw new TypeError(`custom claim "${name}" is reserved; set it through its own field or not at all`)
    if (!isJsonValue(value, 0)) throw new TypeError(`custom claim "${name}" is not a JSON value`)
  }
  return { ...claims }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === null || prototype === Object.prototype
}

/** JSON values only (no undefined, functions, Dates, NaN, cycles), at most 32 levels deep. */
function isJsonValue(value: unknown, depth: number): boolean {
  if (depth > 32) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((entry) => isJsonValue(entry, depth + 1))
  if (isPlainObject(value)) return Object.values(value).every((entry) => isJsonValue(entry, depth + 1))
  return false
}
