export type { RateLimitBucket } from './rate-limit.js'
export { hitRateLimit, rateLimitKey, resetRateLimit } from './rate-limit.js'
