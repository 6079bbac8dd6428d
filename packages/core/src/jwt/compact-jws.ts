import { base64url, compactVerify } from 'jose'
import { JWSSignatureVerificationFailed } from 'jose/errors'
import { isJwtAlgorithm } from './algorithms.js'
import type { VerificationKey } from './import-keys.js'
import type { JwtRejectReason } from './types.js'

/** A compact JWS that passed the strict format check, not yet its signature. */
export interface ParsedCompactJws {
  /** The token itself, as given. */
  readonly token: string
  /** The decoded protected header: a JSON object. */
  readonly header: Readonly<Record<string, unknown>>
  /** The decoded payload bytes (for a JWT, UTF-8 JSON; checked by the caller). */
  readonly payload: Uint8Array
}

/** The outcome of {@link parseCompactJws}. */
export type ParseCompactJwsResult =
  | { ok: true; jws: ParsedCompactJws }
  | { ok: false; reason: Extract<JwtRejectReason, 'malformed' | 'too_large'> }

/** Header parameters an access token may carry; anything else (`jwk`, `jku`, `x5u`, `x5c`, `crit`, `b64`, …) is refused. */
export const ACCESS_TOKEN_HEADER_PARAMETERS: ReadonlySet<string> = new Set(['alg', 'kid', 'typ'])

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) // a BOM stays, and JSON.parse refuses it

/**
 * Parses a compact JWS strictly (JWT-6): the length is capped before anything else; then exactly
 * three non-empty segments of the base64url alphabet (no padding, no whitespace, so no JSON
 * serialisation and no JWE), each in canonical base64url (no modified unused bits); a header that
 * is UTF-8 JSON whose top level is an object. Never throws.
 *
 * @param token - untrusted input
 * @param maxTokenBytes - the longest token looked at
 * @returns the parsed parts, or why the token is not a compact JWS
 * @example
 * ```ts
 * parseCompactJws('a.b', 8192) // { ok: false, reason: 'malformed' }
 * ```
 */
export function parseCompactJws(token: unknown, maxTokenBytes: number): ParseCompactJwsResult {
  if (typeof token !== 'string') return { ok: false, reason: 'malformed' }
  // Every UTF-16 unit is at least one byte, and anything non-ASCII fails the pattern below.
  if (token.length > maxTokenBytes) return { ok: false, reason: 'too_large' }
  if (!COMPACT.test(token)) return { ok: false, reason: 'malformed' }
  const [encodedHeader, encodedPayload, encodedSignature] = token.split('.') as [string, string, string]
  const headerBytes = decodeCanonicalBase64url(encodedHeader)
  const payload = decodeCanonicalBase64url(encodedPayload)
  const signature = decodeCanonicalBase64url(encodedSignature)
  if (!headerBytes || !payload || !signature) return { ok: false, reason: 'malformed' }
  const header = parseJsonObject(headerBytes)
  if (!header) return { ok: false, reason: 'malformed' }
  return { ok: true, jws: { token, header, payload } }
}

/**
 * Checks a parsed header against an allow-list of parameter names and the supported algorithms
 * (compared exactly, so `none` in any casing is refused). `kid` and `typ`, when present, must be
 * strings.
 *
 * @param header - the decoded protected header
 * @param allowed - the parameter names that may appear
 * @returns null when acceptable, else the reason
 * @example
 * ```ts
 * checkJwsHeader({ alg: 'nOnE' }, ACCESS_TOKEN_HEADER_PARAMETERS) // 'alg_not_allowed'
 * checkJwsHeader({ alg: 'ES256', jku: 'https://evil' }, ACCESS_TOKEN_HEADER_PARAMETERS) // 'unsupported_header'
 * ```
 */
export function checkJwsHeader(
  header: Readonly<Record<string, unknown>>,
  allowed: ReadonlySet<string>,
): JwtRejectReason | null {
  for (const name of Object.keys(header)) if (!allowed.has(name)) return 'unsupported_header'
  if (!isJwtAlgorithm(header.alg)) return 'alg_not_allowed'
  if (header.kid !== undefined && typeof header.kid !== 'string') return 'unknown_kid'
  if (header.typ !== undefined && typeof header.typ !== 'string') return 'wrong_typ'
  return null
}

/**
 * Verifies the signature of a parsed JWS with one key, its algorithm pinned: a header `alg` other
 * than the key's is refused before any cryptography (no RS256→HS256 swap, CVE-2015-9235), and
 * jose is told to allow that one algorithm only. Never throws.
 *
 * @param jws - from {@link parseCompactJws}
 * @param key - the key the header's `kid` selected
 * @returns null when the signature is valid, else the reason
 * @example
 * ```ts
 * const reason = await verifyJwsSignature(jws, ring.verification.get('k1')!)
 * ```
 */
export async function verifyJwsSignature(
  jws: ParsedCompactJws,
  key: VerificationKey,
): Promise<JwtRejectReason | null> {
  if (jws.header.alg !== key.alg) return 'alg_not_allowed'
  try {
    await compactVerify(jws.token, key.key, { algorithms: [key.alg] })
    return null
  } catch (error) {
    return error instanceof JWSSignatureVerificationFailed ? 'bad_signature' : 'malformed'
  }
}

/** The outcome of {@link verifyCompactJws}. */
export type VerifyCompactJwsResult =
  | { ok: true; jws: ParsedCompactJws; key: VerificationKey }
  | { ok: false; reason: JwtRejectReason }

/**
 * Verifies a compact JWS against a set of keys, cheapest checks first, and never throws:
 *
 * 1. length cap, strict compact serialisation, canonical base64url, JSON header (`too_large`, `malformed`);
 * 2. header parameters limited to `alg`, `kid`, `typ` (`unsupported_header`: `jwk`, `jku`, `x5u`,
 *    `x5c`, `crit`, …); `alg` one of the supported ones, exactly (`alg_not_allowed`: `none` in any casing);
 * 3. the caller's own header rule, if any (access tokens check `typ` here);
 * 4. `kid` present and naming a key, by exact match in the map (`unknown_kid`): a token without
 *    `kid` is refused even when there is a single key;
 * 5. `alg` equals that key's algorithm (`alg_not_allowed`), then the signature (`bad_signature`).
 *
 * The payload is returned undecoded: its meaning belongs to the caller.
 *
 * @param token - untrusted input
 * @param keys - verification keys by `kid`
 * @param options - the size cap, and an extra header rule
 * @returns the verified JWS and the key that verified it, or the reason of the refusal
 * @example
 * ```ts
 * const result = await verifyCompactJws(token, ring.verification, { maxTokenBytes: 8192 })
 * if (result.ok) handle(result.jws.payload)
 * ```
 */
export async function verifyCompactJws(
  token: unknown,
  keys: ReadonlyMap<string, VerificationKey>,
  options: {
    maxTokenBytes: number
    checkHeader?: (header: Readonly<Record<string, unknown>>) => JwtRejectReason | null
  },
): Promise<VerifyCompactJwsResult> {
  const parsed = parseCompactJws(token, options.maxTokenBytes)
  if (!parsed.ok) return parsed
  const { header } = parsed.jws
  const headerProblem =
    checkJwsHeader(header, ACCESS_TOKEN_HEADER_PARAMETERS) ?? options.checkHeader?.(header) ?? null
  if (headerProblem) return { ok: false, reason: headerProblem }
  const key = typeof header.kid === 'string' ? keys.get(header.kid) : undefined
  if (!key) return { ok: false, reason: 'unknown_kid' }
  const signatureProblem = await verifyJwsSignature(parsed.jws, key)
  if (signatureProblem) return { ok: false, reason: signatureProblem }
  return { ok: true, jws: parsed.jws, key }
}

/**
 * Parses strict UTF-8 JSON whose top level is a plain object; null otherwise. Never throws.
 *
 * @param bytes - a decoded header or payload
 * @returns the object, or null
 * @example
 * ```ts
 * parseJsonObject(new TextEncoder().encode('{"a":1}')) // { a: 1 }
 * parseJsonObject(new TextEncoder().encode('[1]')) // null
 * ```
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  let value: unknown
  try {
    value = JSON.parse(strictUtf8.decode(bytes))
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  return value as Record<string, unknown>
}

/** Decodes base64url without padding, refusing any encoding but the canonical one (unused bits zero). */
function decodeCanonicalBase64url(segment: string): Uint8Array | null {
  if (segment.length % 4 === 1) return null
  let bytes: Uint8Array
  try {
    bytes = base64url.decode(segment)
  } catch {
    return null
  }
  return base64url.encode(bytes) === segment ? bytes : null
}
