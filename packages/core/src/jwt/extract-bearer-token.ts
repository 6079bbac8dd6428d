import { readCookie } from '../http/cookies.js'
import type { BearerTokenLocations } from './types.js'

/** Reads a bearer token from a request; null when there is none or it is malformed. Never throws. */
export type BearerTokenExtractor = (request: Request) => string | null

/** RFC 6750 §2.1 `b64token`: what a bearer credential may look like. JWTs and Portcullis tokens fit. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/
/** RFC 9110 `token`: header names and auth schemes. */
const TCHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const DEFAULT_HEADER = { name: 'authorization', scheme: 'Bearer' } as const
const DEFAULT_MAX_TOKEN_BYTES = 8192

/**
 * Builds a {@link BearerTokenExtractor} for the given locations, validated once. Locations are
 * tried in a fixed order (header, cookie, query), and the first that holds a value decides: a
 * malformed value there (empty, wrong characters, percent-encoded, quoted, too long, a header
 * sent twice) gives null rather than a fall-through to the next location, so an ambiguous request
 * never picks a credential. A header with another auth scheme (`Basic …`) counts as absent.
 * Values are never percent-decoded (next-auth CVE-2026-73418: a malformed escape must not throw).
 *
 * @param locations - where to look; default the `Authorization: Bearer` header only
 * @returns the extractor
 * @throws {TypeError} (a caller's bug) on an invalid header name, scheme, cookie name or parameter name
 * @example
 * ```ts
 * const extract = createBearerTokenExtractor({ cookie: 'access_token' })
 * extract(new Request('https://api.test/me', { headers: { authorization: 'Bearer abc.def.ghi' } })) // 'abc.def.ghi'
 * ```
 * @example
 * ```ts
 * // Query strings leak into logs and Referer: only when explicitly asked (e.g. for an EventSource).
 * const extract = createBearerTokenExtractor({ header: false, query: 'access_token' })
 * ```
 */
export function createBearerTokenExtractor(locations: BearerTokenLocations = {}): BearerTokenExtractor {
  const header = locations.header === false ? null : { ...DEFAULT_HEADER, ...locations.header }
  if (header && (!TCHARS.test(header.name) || !TCHARS.test(header.scheme)))
    throw new TypeError('bearer token header name and scheme must be HTTP tokens')
  const cookie = locations.cookie
  if (cookie !== undefined && (typeof cookie !== 'string' || !TCHARS.test(cookie)))
    throw new TypeError('bearer token cookie name is not a valid cookie name')
  const query = locations.query
  if (query !== undefined && (typeof query !== 'string' || query === ''))
    throw new TypeError('bearer token query parameter name must be a non-empty string')
  const maxBytes = locations.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES
  if (!Number.isInteger(maxBytes) || maxBytes < 16 || maxBytes > 65_536)
    throw new TypeError('maxTokenBytes must be an integer from 16 to 65536')
  const scheme = header?.scheme.toLowerCase()
  const accept = (value: string): string | null =>
    value.length <= maxBytes && B64TOKEN.test(value) ? value : null

  return function extractBearerToken(request: Request): string | null {
    if (header) {
      const value = request.headers.get(header.name)
      if (value !== null) {
        const space = value.indexOf(' ')
        const given = (space === -1 ? value : value.slice(0, space)).toLowerCase()
        if (given === scheme) return space === -1 ? null : accept(value.slice(space + 1).replace(/^ +/, ''))
      }
    }
    if (cookie !== undefined) {
      const value = readCookie(request.headers.get('cookie'), cookie)
      if (value !== null) return accept(value)
    }
    if (query !== undefined) {
      let values: string[]
      try {
        values = new URL(request.url).searchParams.getAll(query)
      } catch {
        return null
      }
      if (values.length > 1) return null
      if (values.length === 1) return accept(values[0]!)
    }
    return null
  }
}

/**
 * Reads a bearer token from `request` by the given locations (see {@link createBearerTokenExtractor},
 * which validates the locations once; prefer it on a hot path).
 *
 * @param request - the incoming request
 * @param locations - where to look; default the `Authorization: Bearer` header only
 * @returns the token, or null when absent or malformed; never throws on request content
 * @example
 * ```ts
 * extractBearerToken(request) // from `Authorization: Bearer <token>`
 * extractBearerToken(request, { header: { name: 'x-access-token', scheme: 'Token' }, cookie: 'at' })
 * ```
 */
export function extractBearerToken(request: Request, locations?: BearerTokenLocations): string | null {
  return createBearerTokenExtractor(locations)(request)
}
