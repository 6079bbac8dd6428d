import { createClientIpFromPeer } from '@portcullis/core'
import type { Context } from 'hono'
import type { ClientIpOptions } from './types.js'

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
  let fromPeer: ReturnType<typeof createClientIpFromPeer>
  try {
    fromPeer = createClientIpFromPeer(trustedProxies)
  } catch (error) {
    throw new TypeError(`@portcullis/hono: ${(error as Error).message}`)
  }
  if (!getConnInfo) {
    return function noClientIp(): undefined {
      return undefined
    }
  }
  return function clientIp(c: Context): string | undefined {
    const address = getConnInfo(c).remote.address
    return fromPeer(typeof address === 'string' ? address : null, c.req.raw.headers.get('x-forwarded-for'))
  }
}
