export type { IpAddress, IpRange } from '@portcullis/core'
/** Re-exported from `@portcullis/core`, where every adapter shares them. */
export {
  createIpMatcher,
  formatIp,
  ipInRange,
  parseForwardedHop,
  parseIp,
  parseIpRange,
} from '@portcullis/core'
export type { AccessTokenCheck, AuthProxy, AuthProxyOptions } from './auth-proxy.js'
export { createAuthProxy } from './auth-proxy.js'
export { createClientIpResolver } from './client-ip.js'
export type { RequirePrincipalOptions } from './get-principal.js'
export { getPrincipal, requirePrincipal } from './get-principal.js'
export { createPathMatcher, normalizePath } from './path-matcher.js'
export type { NextAuthHandlers, NextHandlerOptions, NextRouteHandler } from './route-handlers.js'
export { toNextHandlers } from './route-handlers.js'
export type { AuthSource, ClientIpOptions } from './types.js'
