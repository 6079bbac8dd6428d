import { createIpMatcher, formatIp, type IpAddress, parseIp } from './ip-address.js'

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

/** Resolves a client IP from what an adapter knows about a request. */
export type ClientIpFromPeer = (
  peerAddress: string | null | undefined,
  forwardedFor: string | null,
) => string | undefined

/**
 * The framework-neutral half of every adapter's client-IP option, checked once:
 *
 * - without a peer (socket) address there is no client IP (`undefined`);
 * - without `trustedProxies`, the peer is the client and `X-Forwarded-For` is ignored;
 * - when the peer is a trusted proxy, `X-Forwarded-For` is walked from the right and the first
 *   hop that is not a trusted proxy is the client. A hop that is not an address stops the walk
 *   at the last trusted proxy: a forged or garbled header can make the client look like the
 *   proxy, never like someone else.
 *
 * Addresses come out canonical (IPv4-mapped IPv6 as IPv4, IPv6 per RFC 5952), so rate-limit
 * keys do not split over spellings.
 *
 * @param trustedProxies - addresses and CIDR ranges of the proxies in front of the app
 * @returns `(peerAddress, forwardedFor) => clientIp | undefined`
 * @throws {TypeError} when an entry is not an address or a CIDR range
 * @example
 * const clientIp = createClientIpFromPeer(['10.0.0.0/8'])
 * clientIp(socket.remoteAddress, request.headers.get('x-forwarded-for'))
 */
export function createClientIpFromPeer(trustedProxies: readonly string[] = []): ClientIpFromPeer {
  if (!Array.isArray(trustedProxies))
    throw new TypeError('"trustedProxies" must be an array of IP addresses or CIDR ranges')
  let isTrustedProxy: (ip: IpAddress) => boolean
  try {
    isTrustedProxy = createIpMatcher(trustedProxies)
  } catch (error) {
    throw new TypeError(`"trustedProxies": ${(error as Error).message}`)
  }
  const peerOf = (address: string | null | undefined) =>
    typeof address === 'string' ? parseIp(address) : null

  if (trustedProxies.length === 0) {
    return function peerClientIp(peerAddress): string | undefined {
      const peer = peerOf(peerAddress)
      return peer ? formatIp(peer) : undefined
    }
  }
  return function forwardedClientIp(peerAddress, forwardedFor): string | undefined {
    const peer = peerOf(peerAddress)
    if (!peer) return undefined
    let client = peer
    if (isTrustedProxy(peer)) {
      const hops = (forwardedFor ?? '').split(',')
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
