export {
  COSE_EDDSA,
  COSE_ES256,
  COSE_RS256,
  isPasskeyAlgorithm,
  PASSKEY_ALGORITHMS,
} from './algorithms.js'
export { MAX_CREDENTIAL_ID_BYTES } from './authenticator-data.js'
export type { AuthenticationOptionsInput, RegistrationOptionsInput } from './options.js'
export {
  authenticationOptions,
  createPasskeyChallenge,
  MAX_USER_HANDLE_BYTES,
  MIN_PASSKEY_CHALLENGE_BYTES,
  PASSKEY_CHALLENGE_BYTES,
  registrationOptions,
} from './options.js'
export type {
  AuthenticationResponseJSON,
  AuthenticationResult,
  AuthenticationSuccess,
  AuthenticatorTransport,
  PasskeyFailure,
  PasskeyFailureReason,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegisteredPasskey,
  RegistrationResponseJSON,
  RegistrationResult,
  StoredPasskey,
  UserVerificationRequirement,
} from './types.js'
export type { AuthenticationExpectation } from './verify-authentication.js'
export { parseAuthenticationCredentialId, verifyAuthentication } from './verify-authentication.js'
export type { RegistrationExpectation } from './verify-registration.js'
export { verifyRegistration } from './verify-registration.js'
