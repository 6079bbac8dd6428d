import type { Context } from 'hono'
import { createIpMatcher, formatIp, type IpAddress, parseIp } from './ip-address.js'
import type { ClientIpOptions } from './types.js'

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
 * Builds the function that resolves a request's client IP, checking the options once:
 *
 * - without `getConnInfo`, there is no client IP (`undefined`);
 * - without `trustedProxies`, the socket peer is the client and `X-Forwarded-For` is ignored;
 * - when the socket peer is a trusted proxy, `X-Forwarded-For` is walked from the right and
 *   the first hop that is not a trusted proxy is the client. A hop that is not an address
 *   stops the walk at the last trusted proxy: a forged or garbled header can make the client
 *   look like the proxy, never like someone else.
 *
 * Addresses come out canonical (IPv4-mapped IPv6 as IPv4, IPv6 per RFC 5952), so rate-limit
 * keys do not split over spellings.
 *
 * @param options - `getConnInfo` and `trustedProxies`.
 * @returns `(c) => clientIp | undefined`.
 * @throws {TypeError} When a trusted proxy is not an address or CIDR range, or when
 * `trustedProxies` is given without `getConnInfo`.
 * @example
 * import { getConnInfo } from '@hono/node-server/conninfo'
 * const clientIp = createClientIpResolver({ getConnInfo, trustedProxies: ['10.0.0.0/8'] })
 * app.get('/ip', (c) => c.text(clientIp(c) ?? 'unknown'))
 */
export function createClientIpResolver(options: ClientIpOptions = {}): (c: Context) => string | undefined {
  const { getConnInfo } = options
  const trustedProxies = options.trustedProxies ?? []
  if (getConnInfo !== undefined && typeof getConnInfo !== 'function') {
    throw new TypeError('@portcullis/hono: "getConnInfo" must be a function')
  }
  if (!Array.isArray(trustedProxies)) {
    throw new TypeError('@portcullis/hono: "trustedProxies" must be an array of IP addresses or CIDR ranges')
  }
  if (trustedProxies.length > 0 && !getConnInfo) {
    throw new TypeError(
      '@portcullis/hono: "trustedProxies" needs "getConnInfo" (the socket address decides whether to trust X-Forwarded-For)',
    )
  }
  let isTrustedProxy: (ip: IpAddress) => boolean
  try {
    isTrustedProxy = createIpMatcher(trustedProxies)
  } catch (error) {
    throw new TypeError(`@portcullis/hono: "trustedProxies": ${(error as Error).message}`)
  }

  if (!getConnInfo) {
    return function noClientIp(): undefined {
      return undefined
    }
  }

  const socketAddress = (c: Context): IpAddress | null => {
    const address = getConnInfo(c).remote.address
    return typeof address === 'string' ? parseIp(address) : null
  }

  if (trustedProxies.length === 0) {
    return function socketClientIp(c: Context): string | undefined {
      const socket = socketAddress(c)
      return socket ? formatIp(socket) : undefined
    }
  }

  return function forwardedClientIp(c: Context): string | undefined {
    const socket = socketAddress(c)
    if (!socket) return undefined
    let client = socket
    if (isTrustedProxy(socket)) {
      const hops = (c.req.raw.headers.get('x-forwarded-for') ?? '').split(',')
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
