import { createClientIpFromPeer } from '@portcullis/core'
import type { ClientIpOptions, RequestIpSource } from './types.js'

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
  let fromPeer: ReturnType<typeof createClientIpFromPeer>
  try {
    fromPeer = createClientIpFromPeer(trustedProxies)
  } catch (error) {
    throw new TypeError(`@portcullis/bun: ${(error as Error).message}`)
  }
  return function clientIp(request, server): string | undefined {
    return fromPeer(server?.requestIP(request)?.address, request.headers.get('x-forwarded-for'))
  }
}
