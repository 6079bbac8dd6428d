export type { AuthRoutes } from './auth-routes.js'
export { authHandler, authRoutes } from './auth-routes.js'
export { createClientIpResolver, parseForwardedHop } from './client-ip.js'
export type { IpAddress, IpRange } from './ip-address.js'
export { createIpMatcher, formatIp, ipInRange, parseIp, parseIpRange } from './ip-address.js'
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
