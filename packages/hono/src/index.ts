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
export { authHandler, mountAuth } from './auth-handler.js'
export { authMiddleware } from './auth-middleware.js'
export { createClientIpResolver } from './client-ip.js'
export { normalizePath } from './normalize-path.js'
export type { RequireAuthExclude, RequireAuthOptions } from './require-auth.js'
export { ADMIN_ROLE, requireAuth } from './require-auth.js'
export type { AuthEnv, AuthVariables, ClientIpOptions } from './types.js'
