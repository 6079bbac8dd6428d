import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'
import { describe, expect, it } from 'vitest'
import {
  type AuthenticationExpectation,
  parseAuthenticationCredentialId,
  type RegisteredPasskey,
  verifyAuthentication,
  verifyRegistration,
} from '../../src/passkeys/index.js'
import {
  createSoftwareAuthenticator,
  type SoftwareAuthenticatorAlgorithm,
} from '../../src/testing/webauthn-authenticator.js'
import {
  challenge,
  creationOptions,
  ORIGIN,
  ORIGINS,
  RP_ID,
  registered,
  requestOptions,
  USER_HANDLE,
} from './helpers.js'

function expectation(
  credential: RegisteredPasskey,
  assertionChallenge: Uint8Array,
  extra: Partial<AuthenticationExpectation> = {},
): AuthenticationExpectation {
  return {
    challenge: assertionChallenge,
    origins: ORIGINS,
    rpId: RP_ID,
    requireUserVerification: false,
    credential: {
      credentialId: credential.credentialId,
      publicKey: credential.publicKey,
      algorithm: credential.algorithm,
      signCount: credential.signCount,
    },
    userHandle: USER_HANDLE,
    ...extra,
  }
}

describe.each([
  ['ES256', -7],
  ['EdDSA', -8],
  ['RS256', -257],
] as const)('happy path with %s', (algorithm: SoftwareAuthenticatorAlgorithm, cose: number) => {
  it('registers, then signs in twice with an increasing counter', async () => {
    const authenticator = createSoftwareAuthenticator({ algorithm, userVerification: true })
    const registrationChallenge = challenge()
    const response = await authenticator.register(creationOptions(registrationChallenge), { origin: ORIGIN })
    const registration = await verifyRegistration(response, {
      challenge: registrationChallenge,
      origins: ORIGINS,
      rpId: RP_ID,
      requireUserVerification: true,
    })
    if (!registration.ok) throw new Error(registration.reason)
    const credential = registration.credential
    expect(credential).toEqual({
      credentialId: response.rawId,
      publicKey: expect.any(String),
      algorithm: cose,
      signCount: 0,
      transports: ['internal'],
      backupEligible: false,
      backedUp: false,
      userVerified: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
      attestationFormat: 'none',
    })
    expect(decodeBase64urlIgnorePadding(credential.credentialId).byteLength).toBe(32)

    const first = challenge()
    const assertion = await authenticator.authenticate(requestOptions(first, [credential.credentialId]), {
      origin: ORIGIN,
    })
    expect(parseAuthenticationCredentialId(assertion)).toBe(credential.credentialId)
    const result = await verifyAuthentication(
      assertion,
      expectation(credential, first, { requireUserVerification: true }),
    )
    expect(result).toEqual({
      ok: true,
      newSignCount: 1,
      cloneWarning: false,
      userVerified: true,
      backedUp: false,
      userHandle: encodeBase64urlNoPadding(USER_HANDLE),
    })

    const second = challenge()
    const again = await authenticator.authenticate(requestOptions(second), { origin: ORIGIN })
    const stored = { ...credential, signCount: 1 }
    expect(await verifyAuthentication(again, expectation(stored, second))).toMatchObject({
      ok: true,
      newSignCount: 2,
      cloneWarning: false,
    })
  })
})

describe('registration details', () => {
  it('accepts a packed self-attestation whose signature verifies with the new key', async () => {
    for (const algorithm of ['ES256', 'EdDSA'] as const) {
      const authenticator = createSoftwareAuthenticator({ algorithm })
      const c = challenge()
      const response = await authenticator.register(creationOptions(c), {
        origin: ORIGIN,
        attestation: 'packed-self',
      })
      const result = await verifyRegistration(response, {
        challenge: c,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      })
      expect(result).toMatchObject({ ok: true, credential: { attestationFormat: 'packed' } })
    }
  })

  it('reports BE/BS of a synced passkey and its zero counter never warns', async () => {
    const { authenticator, credential } = await registered({
      backupEligible: true,
      backedUp: true,
      counter: 'zero',
    })
    expect(credential).toMatchObject({ backupEligible: true, backedUp: true, signCount: 0 })
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), { origin: ORIGIN })
    const result = await verifyAuthentication(
      assertion,
      expectation(credential, c, {
        credential: { ...expectation(credential, c).credential, backupEligible: true },
      }),
    )
    expect(result).toMatchObject({ ok: true, newSignCount: 0, cloneWarning: false, backedUp: true })
  })

  it('refuses an algorithm outside the allow-list', async () => {
    const authenticator = createSoftwareAuthenticator({ algorithm: 'RS256' })
    const c = challenge()
    const response = await authenticator.register(creationOptions(c), { origin: ORIGIN })
    const result = await verifyRegistration(response, {
      challenge: c,
      origins: ORIGINS,
      rpId: RP_ID,
      requireUserVerification: false,
      allowedAlgorithms: [-7, -8],
    })
    expect(result).toEqual({ ok: false, reason: 'unsupported_algorithm' })
  })

  it('refuses a registration without attested credential data', async () => {
    const authenticator = createSoftwareAuthenticator()
    const c = challenge()
    const response = await authenticator.register(creationOptions(c), {
      origin: ORIGIN,
      omitAttestedCredential: true,
    })
    expect(
      await verifyRegistration(response, {
        challenge: c,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'attested_credential_missing' })
  })

  it('refuses BS without BE, at registration and at sign-in', async () => {
    const authenticator = createSoftwareAuthenticator()
    const c = challenge()
    const response = await authenticator.register(creationOptions(c), {
      origin: ORIGIN,
      backupEligible: false,
      backedUp: true,
    })
    expect(
      await verifyRegistration(response, {
        challenge: c,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'backup_state_invalid' })

    const { authenticator: other, credential } = await registered()
    const a = challenge()
    const assertion = await other.authenticate(requestOptions(a), { origin: ORIGIN, backedUp: true })
    expect(await verifyAuthentication(assertion, expectation(credential, a))).toEqual({
      ok: false,
      reason: 'backup_state_invalid',
    })
  })

  it('refuses a BE flag that changed since registration, when the stored value is given', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      backupEligible: true,
    })
    const base = expectation(credential, c)
    expect(
      await verifyAuthentication(assertion, {
        ...base,
        credential: { ...base.credential, backupEligible: false },
      }),
    ).toEqual({ ok: false, reason: 'backup_eligibility_changed' })
  })

  it('refuses a ceremony run inside a cross-origin iframe', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      crossOrigin: true,
    })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'cross_origin',
    })
  })
})

describe('SECURITY.md §12 WebAuthn cases', () => {
  it('W-1: an assertion for another challenge is refused (a consumed challenge is never the expected one)', async () => {
    const { authenticator, credential } = await registered()
    const issued = challenge()
    const other = challenge()
    const assertion = await authenticator.authenticate(requestOptions(other), { origin: ORIGIN })
    expect(await verifyAuthentication(assertion, expectation(credential, issued))).toEqual({
      ok: false,
      reason: 'challenge_mismatch',
    })
    // Same at registration: the challenge inside clientDataJSON is what counts.
    const reg = createSoftwareAuthenticator()
    const c = challenge()
    const response = await reg.register(creationOptions(c), {
      origin: ORIGIN,
      challenge: encodeBase64urlNoPadding(challenge()),
    })
    expect(
      await verifyRegistration(response, {
        challenge: c,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'challenge_mismatch' })
  })

  it('W-1: replaying a verified assertion against the next challenge is refused', async () => {
    const { authenticator, credential } = await registered()
    const first = challenge()
    const assertion = await authenticator.authenticate(requestOptions(first), { origin: ORIGIN })
    expect((await verifyAuthentication(assertion, expectation(credential, first))).ok).toBe(true)
    // The caller consumed `first`; the next ceremony has a new challenge.
    expect(await verifyAuthentication(assertion, expectation(credential, challenge()))).toEqual({
      ok: false,
      reason: 'challenge_mismatch',
    })
  })

  it('W-2: clientDataJSON.origin "https://evil.test" is refused', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      clientOrigin: 'https://evil.test',
    })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'origin_mismatch',
    })

    const reg = createSoftwareAuthenticator()
    const r = challenge()
    const response = await reg.register(creationOptions(r), {
      origin: ORIGIN,
      clientOrigin: 'https://evil.test',
    })
    expect(
      await verifyRegistration(response, {
        challenge: r,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'origin_mismatch' })
  })

  it('W-2: an rpIdHash of another RP id is refused', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      rpId: 'evil.test',
    })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'rp_id_mismatch',
    })

    const reg = createSoftwareAuthenticator()
    const r = challenge()
    const response = await reg.register(creationOptions(r), { origin: ORIGIN, rpId: 'evil.test' })
    expect(
      await verifyRegistration(response, {
        challenge: r,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'rp_id_mismatch' })
  })

  it('W-3: type "webauthn.create" inside an assertion is refused (and "webauthn.get" inside a registration)', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      type: 'webauthn.create',
    })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'bad_type',
    })

    const reg = createSoftwareAuthenticator()
    const r = challenge()
    const response = await reg.register(creationOptions(r), { origin: ORIGIN, type: 'webauthn.get' })
    expect(
      await verifyRegistration(response, {
        challenge: r,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'bad_type' })
  })

  it('W-4: UP clear is refused', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      userPresent: false,
    })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'user_presence_missing',
    })

    const reg = createSoftwareAuthenticator()
    const r = challenge()
    const response = await reg.register(creationOptions(r), { origin: ORIGIN, userPresent: false })
    expect(
      await verifyRegistration(response, {
        challenge: r,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'user_presence_missing' })
  })

  it('W-4: UV clear when the policy requires it is refused; accepted when it does not', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      userVerified: false,
    })
    expect(
      await verifyAuthentication(assertion, expectation(credential, c, { requireUserVerification: true })),
    ).toEqual({ ok: false, reason: 'user_verification_missing' })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toMatchObject({
      ok: true,
      userVerified: false,
    })

    const reg = createSoftwareAuthenticator({ userVerification: false })
    const r = challenge()
    const response = await reg.register(creationOptions(r), { origin: ORIGIN })
    expect(
      await verifyRegistration(response, {
        challenge: r,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: true,
      }),
    ).toEqual({ ok: false, reason: 'user_verification_missing' })
  })

  it('W-5: id ≠ rawId is refused, at sign-in and at registration', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      idMismatch: true,
    })
    expect(parseAuthenticationCredentialId(assertion)).toBeNull()
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'id_mismatch',
    })

    const reg = createSoftwareAuthenticator()
    const r = challenge()
    const response = await reg.register(creationOptions(r), { origin: ORIGIN, idMismatch: true })
    expect(
      await verifyRegistration(response, {
        challenge: r,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'id_mismatch' })
  })

  it('W-5: an assertion by a credential other than the stored one is refused', async () => {
    const { credential } = await registered()
    const { authenticator: attacker } = await registered()
    const c = challenge()
    // The attacker's valid assertion, checked against the victim's stored credential.
    const assertion = await attacker.authenticate(requestOptions(c), { origin: ORIGIN })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'id_mismatch',
    })
    // Relabelled with the victim's credential id, the signature no longer verifies (GitLab #585333).
    const forged = { ...assertion, id: credential.credentialId, rawId: credential.credentialId }
    expect(await verifyAuthentication(forged, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'signature_invalid',
    })
  })

  it('W-5: a credential of another user (user handle mismatch) is refused', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), { origin: ORIGIN })
    const otherUser = new Uint8Array(16).fill(9)
    expect(
      await verifyAuthentication(assertion, expectation(credential, c, { userHandle: otherUser })),
    ).toEqual({
      ok: false,
      reason: 'user_handle_mismatch',
    })
  })

  it('W-5: a usernameless sign-in without a user handle is refused when one is required', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      userHandle: null,
    })
    expect(
      await verifyAuthentication(assertion, expectation(credential, c, { requireUserHandle: true })),
    ).toEqual({
      ok: false,
      reason: 'user_handle_missing',
    })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toMatchObject({
      ok: true,
      userHandle: null,
    })
  })

  it('W-5: a corrupted signature is refused, never "success with warnings"', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), {
      origin: ORIGIN,
      corruptSignature: true,
    })
    expect(await verifyAuthentication(assertion, expectation(credential, c))).toEqual({
      ok: false,
      reason: 'signature_invalid',
    })
  })

  it('W-6: a credential id of 1024 bytes is refused; 1023 bytes is accepted', async () => {
    const authenticator = createSoftwareAuthenticator()
    const c = challenge()
    const tooLong = await authenticator.register(creationOptions(c), {
      origin: ORIGIN,
      credentialIdLength: 1024,
    })
    expect(
      await verifyRegistration(tooLong, {
        challenge: c,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toEqual({ ok: false, reason: 'credential_id_too_long' })
    expect(parseAuthenticationCredentialId({ id: tooLong.rawId, rawId: tooLong.rawId })).toBeNull()

    const longest = await createSoftwareAuthenticator().register(creationOptions(c), {
      origin: ORIGIN,
      credentialIdLength: 1023,
    })
    expect(
      await verifyRegistration(longest, {
        challenge: c,
        origins: ORIGINS,
        rpId: RP_ID,
        requireUserVerification: false,
      }),
    ).toMatchObject({ ok: true })
  })

  it('W-6: an authenticator holding an excluded credential does not register it again', async () => {
    const { authenticator, credential } = await registered()
    await expect(
      authenticator.register(creationOptions(challenge(), [credential.credentialId]), { origin: ORIGIN }),
    ).rejects.toMatchObject({ name: 'InvalidStateError' })
  })

  it('W-7: a counter lower than the stored one verifies with cloneWarning, and the stored counter never goes down', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const assertion = await authenticator.authenticate(requestOptions(c), { origin: ORIGIN, signCount: 5 })
    const stored = { ...credential, signCount: 10 }
    expect(await verifyAuthentication(assertion, expectation(stored, c))).toMatchObject({
      ok: true,
      cloneWarning: true,
      newSignCount: 10,
    })
  })

  it('W-7: an equal non-zero counter warns; a higher one does not', async () => {
    const { authenticator, credential } = await registered()
    const c = challenge()
    const equal = await authenticator.authenticate(requestOptions(c), { origin: ORIGIN, signCount: 10 })
    expect(await verifyAuthentication(equal, expectation({ ...credential, signCount: 10 }, c))).toMatchObject(
      {
        ok: true,
        cloneWarning: true,
      },
    )
    const higher = await authenticator.authenticate(requestOptions(c), { origin: ORIGIN, signCount: 11 })
    expect(
      await verifyAuthentication(higher, expectation({ ...credential, signCount: 10 }, c)),
    ).toMatchObject({
      ok: true,
      cloneWarning: false,
      newSignCount: 11,
    })
  })
})
