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
export type { AuthRoutes } from './auth-routes.js'
export { authHandler, authRoutes } from './auth-routes.js'
export { createClientIpResolver } from './client-ip.js'
export { createAuthPathMatcher } from './is-auth-path.js'
export type { RequireAuthOptions } from './require-auth.js'
export { ADMIN_ROLE, requireAuth } from './require-auth.js'
export type {
  AuthenticatedHandler,
  BunHandler,
  ClientIpOptions,
  PrincipalHandler,
  RequestIpSource,
} from './types.js'
export { withAuth, withPrincipal } from './with-auth.js'
