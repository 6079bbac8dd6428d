import { decodeBase64urlIgnorePadding } from '@oslojs/encoding'
import { describe, expect, it } from 'vitest'
import {
  authenticationOptions,
  createPasskeyChallenge,
  PASSKEY_CHALLENGE_BYTES,
  registrationOptions,
} from '../../src/passkeys/index.js'
import { USER_HANDLE } from './helpers.js'

const base = {
  rp: { id: 'example.test', name: 'Example' },
  user: { id: USER_HANDLE, name: 'ada@example.test', displayName: 'Ada' },
  excludeCredentialIds: [],
  userVerification: 'preferred' as const,
  timeoutMs: 300_000,
}

describe('createPasskeyChallenge', () => {
  it('returns 32 fresh random bytes each time (WA-1: at least 16)', () => {
    const a = createPasskeyChallenge()
    const b = createPasskeyChallenge()
    expect(a.byteLength).toBe(PASSKEY_CHALLENGE_BYTES)
    expect(a).not.toEqual(b)
  })
})

describe('registrationOptions', () => {
  it('builds PublicKeyCredentialCreationOptionsJSON with base64url fields', () => {
    const challenge = Uint8Array.from({ length: 32 }, (_, i) => i)
    const options = registrationOptions({ ...base, challenge, excludeCredentialIds: ['AAEC', 'AwQF'] })
    expect(options).toEqual({
      rp: { id: 'example.test', name: 'Example' },
      user: { id: 'AQIDBAUGBwgJCgsMDQ4PEA', name: 'ada@example.test', displayName: 'Ada' },
      challenge: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -257 },
      ],
      timeout: 300_000,
      excludeCredentials: [
        { type: 'public-key', id: 'AAEC' },
        { type: 'public-key', id: 'AwQF' },
      ],
      authenticatorSelection: {
        residentKey: 'preferred',
        requireResidentKey: false,
        userVerification: 'preferred',
      },
      attestation: 'none',
    })
    expect(decodeBase64urlIgnorePadding(options.user.id)).toEqual(USER_HANDLE)
  })

  it('offers only the algorithms asked for, in order', () => {
    const options = registrationOptions({
      ...base,
      challenge: createPasskeyChallenge(),
      algorithms: [-8, -7],
    })
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7])
  })

  it('refuses caller mistakes with a TypeError', () => {
    const challenge = createPasskeyChallenge()
    expect(() => registrationOptions({ ...base, challenge: new Uint8Array(15) })).toThrow(TypeError)
    expect(() =>
      registrationOptions({ ...base, challenge, user: { ...base.user, id: new Uint8Array(0) } }),
    ).toThrow(/user\.id/)
    expect(() =>
      registrationOptions({ ...base, challenge, user: { ...base.user, id: new Uint8Array(65) } }),
    ).toThrow(/user\.id/)
    expect(() => registrationOptions({ ...base, challenge, excludeCredentialIds: ['not base64!'] })).toThrow(
      TypeError,
    )
    expect(() => registrationOptions({ ...base, challenge, algorithms: [-36] })).toThrow(/-36/)
    expect(() =>
      registrationOptions({ ...base, challenge, rp: { id: 'https://example.test', name: 'x' } }),
    ).toThrow(/rp id/)
    expect(() => registrationOptions({ ...base, challenge, timeoutMs: 0 })).toThrow(/timeoutMs/)
  })
})

describe('authenticationOptions', () => {
  it('builds PublicKeyCredentialRequestOptionsJSON; no allow-list for a usernameless sign-in', () => {
    const challenge = new Uint8Array(16).fill(255)
    expect(
      authenticationOptions({
        rpId: 'example.test',
        challenge,
        userVerification: 'required',
        timeoutMs: 60_000,
      }),
    ).toEqual({
      challenge: '_____________________w',
      timeout: 60_000,
      rpId: 'example.test',
      allowCredentials: [],
      userVerification: 'required',
    })
    const withAllow = authenticationOptions({
      rpId: 'example.test',
      challenge,
      allowCredentialIds: ['AAEC'],
      userVerification: 'discouraged',
      timeoutMs: 60_000,
    })
    expect(withAllow.allowCredentials).toEqual([{ type: 'public-key', id: 'AAEC' }])
  })

  it('refuses a short challenge and a non-canonical credential id', () => {
    const opts = { rpId: 'example.test', userVerification: 'required' as const, timeoutMs: 1000 }
    expect(() => authenticationOptions({ ...opts, challenge: new Uint8Array(8) })).toThrow(TypeError)
    // 'AAF' has non-zero unused bits: not the canonical spelling of its bytes.
    expect(() =>
      authenticationOptions({ ...opts, challenge: createPasskeyChallenge(), allowCredentialIds: ['AAF'] }),
    ).toThrow(TypeError)
  })
})
