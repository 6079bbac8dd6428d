export type { StorageParts } from './compose-storage.js'
export { composeStorage } from './compose-storage.js'
export type {
  ApiKeyRecord,
  ApiKeyStore,
  ListUsersOptions,
  OneTimeTokenRecord,
  PasskeyRecord,
  PasskeyStore,
  RateLimitState,
  RateLimitStore,
  RefreshTokenRecord,
  RefreshTokenStore,
  RotateRefreshTokenResult,
  SecondFactors,
  SessionRecord,
  SessionStore,
  Storage,
  TokenStore,
  TotpFactorRecord,
  TwoFactorStore,
  UserPatch,
  UserRecord,
  UserStore,
} from './types.js'
export { UniqueConstraintError } from './types.js'
