import { createIpMatcher, formatIp, type IpAddress, parseForwardedHop, parseIp } from '@portcullis/core'
import type { ClientIpOptions } from './types.js'

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/

function canonical(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const ip = parseIp(value.trim())
  return ip ? formatIp(ip) : undefined
}

/**
 * Builds the function that resolves a request's client IP ({@link ClientIpOptions}), checking
 * the options once. In order: `getClientIp`; a platform-set `request.ip` property; the `proxy`
 * header. `X-Forwarded-For` is walked from the right: the right-most hop is what the first
 * proxy saw, hops in `trustedProxies` are skipped, and the first other hop is the client; a hop
 * that is not an address stops the walk at the last good hop (or gives no IP at all). Addresses
 * come out canonical (IPv4-mapped IPv6 as IPv4, IPv6 per RFC 5952).
 *
 * @param options - `getClientIp` and `proxy`.
 * @returns `(request) => clientIp | undefined`.
 * @throws {TypeError} On a malformed header name or trusted proxy, or a `getClientIp` that is
 * not a function.
 * @example
 * const clientIp = createClientIpResolver({ proxy: { header: 'x-forwarded-for', trustedProxies: ['10.0.0.0/8'] } })
 * clientIp(new Request('http://app.test/', { headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.2' } })) // '203.0.113.7'
 */
export function createClientIpResolver(
  options: ClientIpOptions = {},
): (request: Request) => string | undefined {
  const { getClientIp, proxy } = options
  if (getClientIp !== undefined && typeof getClientIp !== 'function') {
    throw new TypeError('@portcullis/next: "getClientIp" must be a function')
  }
  const header = proxy ? (proxy.header ?? 'x-forwarded-for') : null
  if (header !== null && (typeof header !== 'string' || !HEADER_NAME.test(header))) {
    throw new TypeError(
      `@portcullis/next: "proxy.header" must be a lower-case header name, got ${JSON.stringify(header)}`,
    )
  }
  const trustedProxies = proxy?.trustedProxies ?? []
  if (!Array.isArray(trustedProxies)) {
    throw new TypeError(
      '@portcullis/next: "proxy.trustedProxies" must be an array of IP addresses or CIDR ranges',
    )
  }
  if (trustedProxies.length > 0 && header !== 'x-forwarded-for') {
    throw new TypeError('@portcullis/next: "proxy.trustedProxies" only applies to the x-forwarded-for header')
  }
  let isTrustedProxy: (ip: IpAddress) => boolean
  try {
    isTrustedProxy = createIpMatcher(trustedProxies)
  } catch (error) {
    throw new TypeError(`@portcullis/next: "proxy.trustedProxies": ${(error as Error).message}`)
  }

  const fromHeader = (request: Request): string | undefined => {
    if (header === null) return undefined
    const value = request.headers.get(header)
    if (value === null) return undefined
    if (header !== 'x-forwarded-for') return canonical(value)
    const hops = value.split(',')
    let client: IpAddress | null = null
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseForwardedHop(hops[i]!)
      if (!hop) break
      client = hop
      if (!isTrustedProxy(hop)) break
    }
    return client ? formatIp(client) : undefined
  }

  return function clientIp(request: Request): string | undefined {
    if (getClientIp) return canonical(getClientIp(request))
    const platformIp = canonical((request as Request & { ip?: unknown }).ip)
    if (platformIp !== undefined) return platformIp
    return fromHeader(request)
  }
}
