export type { StorageParts } from './compose-storage.js'
export { composeStorage } from './compose-storage.js'
export type {
  OneTimeTokenRecord,
  RateLimitState,
  RateLimitStore,
  SessionRecord,
  SessionStore,
  Storage,
  TokenStore,
  UserPatch,
  UserRecord,
  UserStore,
} from './types.js'
export { UniqueConstraintError } from './types.js'
