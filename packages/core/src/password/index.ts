export type { Argon2idParams } from './argon2id.js'
export type { PasswordContext } from './check-password-policy.js'
export { checkPasswordPolicy } from './check-password-policy.js'
export { bundledBlocklistFromLength, isCommonPassword } from './common-passwords.js'
export { MAX_HASHER_PASSWORD_BYTES } from './create-hasher-with.js'
export { createPasswordHasher } from './create-password-hasher.js'
export type { Pbkdf2PasswordHasher } from './create-pbkdf2-password-hasher.js'
export { createPbkdf2PasswordHasher } from './create-pbkdf2-password-hasher.js'
export type { PasswordHasherOptions, Pbkdf2PasswordHasherOptions } from './hasher-options.js'
export { normalizePassword } from './normalize-password.js'
export type {
  ParamsByAlgorithm,
  PasswordHashAlgorithm,
  PasswordHashRecord,
  PasswordHashRecordOf,
} from './password-hash.js'
export { formatPasswordHash, PASSWORD_HASH_ALGORITHMS, parsePasswordHash } from './password-hash.js'
export type { PasswordPolicy } from './password-policy.js'
export { defaultPasswordPolicy } from './password-policy.js'
export type { Pbkdf2Sha256Params } from './pbkdf2-sha256.js'
export type { ScryptParams } from './scrypt.js'
export type { CorePasswordHasher, PasswordHasher } from './types.js'
