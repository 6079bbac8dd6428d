import { createIpMatcher, formatIp, type IpAddress, parseIp } from './ip-address.js'
import type { ClientIpOptions, RequestIpSource } from './types.js'

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/
const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/

/**
 * Parses one `X-Forwarded-For` hop: a bare address, `192.0.2.1:port`, or `[2001:db8::1]:port`
 * (some proxies append the port). Anything else (`unknown`, an obfuscated name, garbage) is null.
 *
 * @param hop - One comma-separated element, untrimmed.
 * @returns The address, or null.
 * @example
 * parseForwardedHop(' [2001:db8::1]:443') // { version: 6, ... }
 */
export function parseForwardedHop(hop: string): IpAddress | null {
  const text = hop.trim()
  const bracketed = BRACKETED.exec(text)
  if (bracketed) {
    const ip = parseIp(bracketed[1]!)
    return ip && (ip.version === 6 || bracketed[1]!.includes(':')) ? ip : null
  }
  const withPort = IPV4_WITH_PORT.exec(text)
  return parseIp(withPort ? withPort[1]! : text)
}

/**
 * Builds the function that resolves a request's client IP from Bun's `server.requestIP(req)`,
 * checking the options once:
 *
 * - without a server (a direct call in a test) or without a socket address, there is no client
 *   IP (`undefined`);
 * - without `trustedProxies`, the socket peer is the client and `X-Forwarded-For` is ignored;
 * - when the socket peer is a trusted proxy, `X-Forwarded-For` is walked from the right and
 *   the first hop that is not a trusted proxy is the client. A hop that is not an address
 *   stops the walk at the last trusted proxy: a forged or garbled header can make the client
 *   look like the proxy, never like someone else.
 *
 * Addresses come out canonical (IPv4-mapped IPv6 as IPv4, IPv6 per RFC 5952), so rate-limit
 * keys do not split over spellings (Bun reports `::ffff:127.0.0.1` on a dual-stack socket).
 *
 * @param options - `trustedProxies`.
 * @returns `(request, server?) => clientIp | undefined`.
 * @throws {TypeError} When a trusted proxy is not an address or CIDR range.
 * @example
 * const clientIp = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] })
 * Bun.serve({ fetch: (req, server) => new Response(clientIp(req, server) ?? 'unknown') })
 */
export function createClientIpResolver(
  options: ClientIpOptions = {},
): (request: Request, server?: RequestIpSource) => string | undefined {
  const trustedProxies = options.trustedProxies ?? []
  if (!Array.isArray(trustedProxies)) {
    throw new TypeError('@portcullis/bun: "trustedProxies" must be an array of IP addresses or CIDR ranges')
  }
  let isTrustedProxy: (ip: IpAddress) => boolean
  try {
    isTrustedProxy = createIpMatcher(trustedProxies)
  } catch (error) {
    throw new TypeError(`@portcullis/bun: "trustedProxies": ${(error as Error).message}`)
  }

  const socketAddress = (request: Request, server: RequestIpSource | undefined): IpAddress | null => {
    const address = server?.requestIP(request)?.address
    return typeof address === 'string' ? parseIp(address) : null
  }

  if (trustedProxies.length === 0) {
    return function socketClientIp(request, server): string | undefined {
      const socket = socketAddress(request, server)
      return socket ? formatIp(socket) : undefined
    }
  }

  return function forwardedClientIp(request, server): string | undefined {
    const socket = socketAddress(request, server)
    if (!socket) return undefined
    let client = socket
    if (isTrustedProxy(socket)) {
      const hops = (request.headers.get('x-forwarded-for') ?? '').split(',')
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = parseForwardedHop(hops[i]!)
        if (!hop) break
        client = hop
        if (!isTrustedProxy(hop)) break
      }
    }
    return formatIp(client)
  }
}
