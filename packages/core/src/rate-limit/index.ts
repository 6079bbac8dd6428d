export type { AccountAttempt, LockoutBackoff } from './account-lockout.js'
export {
  clearAccountLimit,
  hitAccountLimit,
  lockoutHistorySeconds,
  lockoutSeconds,
} from './account-lockout.js'
export type { RateLimitBucket } from './rate-limit.js'
export { hitRateLimit, rateLimitKey, resetRateLimit } from './rate-limit.js'
