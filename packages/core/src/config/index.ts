export { createAuth } from './create-auth.js'
export type { AuthOptions, Logger, RateLimitRule, UserFieldsSchema } from './options.js'
export type { TwoFactorOptions } from './second-factor-config.js'
