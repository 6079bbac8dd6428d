import { isIP, SocketAddress } from 'node:net'
import type { Request } from 'express'
import type { ExpressAuthOptions } from './types.js'

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/

/**
 * Canonicalises an IP address, so that one client is one rate-limit key: IPv4-mapped IPv6
 * (`::ffff:192.0.2.1`, as a dual-stack socket reports IPv4 peers) becomes the IPv4 address,
 * IPv6 is written per RFC 5952 (lower case, longest zero run as `::`), a zone index is dropped.
 *
 * @param address - An address as text, e.g. `req.socket.remoteAddress`.
 * @returns The canonical address, or undefined when `address` is not one.
 * @example
 * canonicalIp('::ffff:192.0.2.1') // '192.0.2.1'
 * canonicalIp('2001:DB8:0:0::1')  // '2001:db8::1'
 */
export function canonicalIp(address: string | undefined): string | undefined {
  if (typeof address !== 'string') return undefined
  const version = isIP(address)
  if (version === 0) return undefined
  const canonical = new SocketAddress({ address, family: version === 6 ? 'ipv6' : 'ipv4' }).address
  return MAPPED_IPV4.exec(canonical)?.[1] ?? canonical
}

/**
 * Whether the Express app has `trust proxy` configured: any value but Express's default
 * `false` (and `0`, which trusts no hop). A sub-app inherits its parent's setting.
 *
 * @param req - The Express request (its `app` holds the settings).
 * @returns Whether `req.ip` may differ from the socket peer.
 */
export function appTrustsProxy(req: Request): boolean {
  const setting: unknown = req.app?.get('trust proxy')
  return setting !== undefined && setting !== false && setting !== 0
}

/**
 * Builds the function that finds a request's client IP, checking the options once:
 *
 * - by default, and always without `trust proxy` on the app, the socket peer
 *   (`req.socket.remoteAddress`) is the client and `X-Forwarded-For` is ignored;
 * - with `trust proxy` on the app (and `trustProxy` not `false`), `req.ip`: Express walks
 *   `X-Forwarded-For` from the right through the proxies the setting trusts.
 *
 * @param options - `trustProxy` ({@link ExpressAuthOptions}).
 * @returns `(req) => clientIp | undefined`, canonical (see {@link canonicalIp}).
 * @throws {TypeError} When `trustProxy` is not a boolean.
 * @example
 * app.set('trust proxy', ['loopback', '10.0.0.0/8'])
 * const clientIp = createClientIpResolver()
 * app.get('/ip', (req, res) => res.send(clientIp(req) ?? 'unknown'))
 */
export function createClientIpResolver(
  options: Pick<ExpressAuthOptions, 'trustProxy'> = {},
): (req: Request) => string | undefined {
  const trustProxy = options.trustProxy ?? true
  if (typeof trustProxy !== 'boolean') {
    throw new TypeError('@portcullis/express: "trustProxy" must be a boolean')
  }
  return function clientIp(req: Request): string | undefined {
    if (trustProxy && appTrustsProxy(req)) return canonicalIp(req.ip)
    return canonicalIp(req.socket?.remoteAddress)
  }
}
