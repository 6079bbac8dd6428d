export type { FakeAuth, FakeCall, FakeUserFields } from './fake-auth.js'
export { createFakeAuth, keyPrincipal, sessionPrincipal, testUser } from './fake-auth.js'
export { createFakeClock, FAKE_CLOCK_START, type FakeClock } from './fake-clock.js'
export { createMemoryMailer, type MemoryMailer } from './memory-mailer.js'
export {
  buildApiKey,
  buildPasskey,
  buildRefreshToken,
  buildSession,
  buildToken,
  buildTotpFactor,
  buildUser,
} from './record-builders.js'
export { serverUrlFromEnv } from './server-url.js'
export { storageConformance } from './storage-conformance.js'
export type {
  StorageConformanceOptions,
  StorageFactory,
  StorageFactoryContext,
  StorageFixture,
} from './types.js'
export type {
  SoftwareAuthenticator,
  SoftwareAuthenticatorOptions,
  SoftwareCredential,
} from './webauthn-authenticator.js'
export { createSoftwareAuthenticator } from './webauthn-authenticator.js'
