export type { AccessTokenService, VerifiedAccessToken } from './access-tokens/types.js'
export type { ApiKeyInfo } from './api-keys/index.js'
export { API_KEY_PREFIX } from './api-keys/index.js'
export type * from './auth/index.js'
export type { PrincipalRefusal, PrincipalRequirements } from './authorization/index.js'
export { ADMIN_ROLE, createPrincipalCheck } from './authorization/index.js'
export type { ClientIpFromPeer, IpAddress, IpRange } from './client-ip/index.js'
export {
  createClientIpFromPeer,
  createIpMatcher,
  formatIp,
  ipInRange,
  parseForwardedHop,
  parseIp,
  parseIpRange,
} from './client-ip/index.js'
export type { Clock } from './clock/index.js'
export { addSeconds, secondsBetween, systemClock } from './clock/index.js'
export type {
  AuthOptions,
  Logger,
  RateLimitRule,
  TwoFactorOptions,
  UserFieldsSchema,
} from './config/index.js'
export { createAuth } from './config/index.js'
export { constantTimeEqual, hashToken, randomToken, uuidv7 } from './crypto/index.js'
export * from './errors/index.js'
export type { AuthEvent, AuthEventType } from './events/index.js'
export type { PasskeyOptions } from './features/passkeys.js'
export { passkeys } from './features/passkeys.js'
export type { PasskeySettings, PasskeysFeature } from './features/types.js'
export type { CookieAttributes } from './http/cookies.js'
export { readCookie, serializeCookie } from './http/cookies.js'
export type {
  AccessTokenClaims,
  AccessTokenPayload,
  BearerTokenLocations,
  GeneratedJwtKey,
  JsonValue,
  JsonWebKeySet,
  JwtAlgorithm,
  JwtKeyInput,
  PublicJwk,
} from './jwt/index.js'
export { createBearerTokenExtractor, extractBearerToken, JWT_ALGORITHMS } from './jwt/index.js'
export type { Mailer, MailMessage } from './mail/index.js'
export { assertSingleRecipient, createConsoleMailer } from './mail/index.js'
export type { MailKind, MailTemplate, MailTemplateInput } from './mail/templates.js'
export { defaultMailTemplates, escapeHtml } from './mail/templates.js'
export type {
  AuthenticationResponseJSON,
  PasskeyFailureReason,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegisteredPasskey,
  RegistrationResponseJSON,
} from './passkeys/index.js'
export {
  authenticationOptions,
  createPasskeyChallenge,
  parseAuthenticationCredentialId,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
} from './passkeys/index.js'
export type { PasswordHasher } from './password/types.js'
export type * from './storage/index.js'
export { composeStorage, UniqueConstraintError } from './storage/index.js'
export type { SecretBox } from './two-factor/index.js'
export {
  createSecretBox,
  generateBackupCodes,
  generateTotpSecret,
  hashBackupCode,
  normalizeBackupCode,
  qrCodeSvg,
  totpCode,
  totpKeyUri,
  totpStep,
  verifyTotpCode,
} from './two-factor/index.js'
export { normalizeEmail, normalizeUsername } from './users/normalize.js'
