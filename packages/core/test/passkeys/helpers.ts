import { authenticationOptions, registrationOptions } from '../../src/passkeys/index.js'
import type { RegisteredPasskey } from '../../src/passkeys/types.js'
import { verifyRegistration } from '../../src/passkeys/verify-registration.js'
import {
  createSoftwareAuthenticator,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
} from '../../src/testing/webauthn-authenticator.js'

export const RP_ID = 'example.test'
export const ORIGIN = 'https://example.test'
export const ORIGINS = [ORIGIN]
export const USER_HANDLE = Uint8Array.from({ length: 16 }, (_, i) => i + 1)

/** A fresh 32-byte challenge. */
export function challenge(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32))
}

export function creationOptions(registrationChallenge: Uint8Array, excludeCredentialIds: string[] = []) {
  return registrationOptions({
    rp: { id: RP_ID, name: 'Example' },
    user: { id: USER_HANDLE, name: 'ada@example.test', displayName: 'Ada' },
    challenge: registrationChallenge,
    excludeCredentialIds,
    userVerification: 'preferred',
    timeoutMs: 300_000,
  })
}

export function requestOptions(assertionChallenge: Uint8Array, allowCredentialIds?: string[]) {
  return authenticationOptions({
    rpId: RP_ID,
    challenge: assertionChallenge,
    ...(allowCredentialIds ? { allowCredentialIds } : {}),
    userVerification: 'preferred',
    timeoutMs: 300_000,
  })
}

/** Registers one credential through the real verifier; fails the test when that does not succeed. */
export async function registered(
  options: SoftwareAuthenticatorOptions = {},
): Promise<{ authenticator: SoftwareAuthenticator; credential: RegisteredPasskey }> {
  const authenticator = createSoftwareAuthenticator(options)
  const registrationChallenge = challenge()
  const response = await authenticator.register(creationOptions(registrationChallenge), { origin: ORIGIN })
  const result = await verifyRegistration(response, {
    challenge: registrationChallenge,
    origins: ORIGINS,
    rpId: RP_ID,
    requireUserVerification: false,
  })
  if (!result.ok) throw new Error(`registration failed: ${result.reason}`)
  return { authenticator, credential: result.credential }
}
