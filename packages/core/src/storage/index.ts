export type { StorageParts } from './compose-storage.js'
export { composeStorage } from './compose-storage.js'
export type {
  ApiKeyRecord,
  ApiKeyStore,
  OneTimeTokenRecord,
  RateLimitState,
  RateLimitStore,
  RefreshTokenRecord,
  RefreshTokenStore,
  RotateRefreshTokenResult,
  SessionRecord,
  SessionStore,
  Storage,
  TokenStore,
  UserPatch,
  UserRecord,
  UserStore,
} from './types.js'
export { UniqueConstraintError } from './types.js'
