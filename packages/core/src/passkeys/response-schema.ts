import * as z from 'zod/mini'

/** A base64url string (alphabet only; canonical form is checked when decoding) of at most `max` characters. */
function base64url(max: number) {
  return z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+$/))
}

// Size caps, in base64url characters: generous for real authenticators, small enough that a
// hostile body cannot make us decode megabytes. A 1024-byte credential id (1366 characters)
// must still reach the length check, so ids are capped well above it.
const MAX_ID = 4096
const MAX_CLIENT_DATA = 16_384
const MAX_ATTESTATION_OBJECT = 65_536
const MAX_AUTHENTICATOR_DATA = 16_384
const MAX_SIGNATURE = 2048
const MAX_USER_HANDLE = 128

/** The parts of `RegistrationResponseJSON` we read; other members are ignored. */
export const registrationResponseSchema = z.object({
  id: base64url(MAX_ID),
  rawId: base64url(MAX_ID),
  type: z.string().check(z.maxLength(64)),
  response: z.object({
    clientDataJSON: base64url(MAX_CLIENT_DATA),
    attestationObject: base64url(MAX_ATTESTATION_OBJECT),
    transports: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(16))),
  }),
})

/** The parts of `AuthenticationResponseJSON` we read; other members are ignored. */
export const authenticationResponseSchema = z.object({
  id: base64url(MAX_ID),
  rawId: base64url(MAX_ID),
  type: z.string().check(z.maxLength(64)),
  response: z.object({
    clientDataJSON: base64url(MAX_CLIENT_DATA),
    authenticatorData: base64url(MAX_AUTHENTICATOR_DATA),
    signature: base64url(MAX_SIGNATURE),
    // Some clients send "" rather than null for "no user handle".
    userHandle: z.nullish(z.string().check(z.maxLength(MAX_USER_HANDLE), z.regex(/^[A-Za-z0-9_-]*$/))),
  }),
})
