import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type AuthenticationExpectation,
  type AuthenticationResponseJSON,
  parseAuthenticationCredentialId,
  type RegisteredPasskey,
  type RegistrationExpectation,
  type RegistrationResponseJSON,
  verifyAuthentication,
  verifyRegistration,
} from '../../src/passkeys/index.js'
import { type CborValue, encodeCbor } from '../../src/testing/cbor-encode.js'
import { createSoftwareAuthenticator } from '../../src/testing/webauthn-authenticator.js'
import { challenge, creationOptions, ORIGIN, ORIGINS, RP_ID, registered, requestOptions } from './helpers.js'

const b64 = encodeBase64urlNoPadding
const bytes = decodeBase64urlIgnorePadding

let registration: RegistrationResponseJSON
let registrationExpected: RegistrationExpectation
let assertion: AuthenticationResponseJSON
let assertionExpected: AuthenticationExpectation
let credential: RegisteredPasskey

beforeAll(async () => {
  const c = challenge()
  registration = await createSoftwareAuthenticator().register(creationOptions(c), { origin: ORIGIN })
  registrationExpected = { challenge: c, origins: ORIGINS, rpId: RP_ID, requireUserVerification: false }
  const setup = await registered()
  credential = setup.credential
  const a = challenge()
  assertion = await setup.authenticator.authenticate(requestOptions(a), { origin: ORIGIN })
  assertionExpected = {
    challenge: a,
    origins: ORIGINS,
    rpId: RP_ID,
    requireUserVerification: false,
    credential,
  }
})

const withRegistration = (patch: Partial<RegistrationResponseJSON['response']>) => ({
  ...registration,
  response: { ...registration.response, ...patch },
})
const withAssertion = (patch: Partial<AuthenticationResponseJSON['response']>) => ({
  ...assertion,
  response: { ...assertion.response, ...patch },
})

describe('the unmodified fixtures verify (so each refusal below is caused by its change)', () => {
  it('registration and assertion are ok', async () => {
    expect((await verifyRegistration(registration, registrationExpected)).ok).toBe(true)
    expect((await verifyAuthentication(assertion, assertionExpected)).ok).toBe(true)
  })
})

describe('malformed JSON shapes → malformed, never a throw', () => {
  // The last column: what parseAuthenticationCredentialId reads (it only needs id === rawId).
  const shapes: [string, unknown, string | null][] = [
    ['null', null, null],
    ['a number', 42, null],
    ['a string', 'public-key', null],
    ['an array', [], null],
    ['an empty object', {}, null],
    ['no response', { id: 'AAEC', rawId: 'AAEC', type: 'public-key' }, 'AAEC'],
    ['response is a string', { id: 'AAEC', rawId: 'AAEC', type: 'public-key', response: 'x' }, 'AAEC'],
    ['id is a number', { id: 1, rawId: 'AAEC', type: 'public-key', response: {} }, null],
    ['id is not canonical', { id: 'AAF', rawId: 'AAF', type: 'public-key', response: {} }, null],
  ]
  it.each(shapes)('%s', async (_name, shape, credentialId) => {
    expect(await verifyRegistration(shape, registrationExpected)).toEqual({ ok: false, reason: 'malformed' })
    expect(await verifyAuthentication(shape, assertionExpected)).toEqual({ ok: false, reason: 'malformed' })
    expect(parseAuthenticationCredentialId(shape)).toBe(credentialId)
  })

  it('a type other than public-key → bad_type', async () => {
    expect(await verifyRegistration({ ...registration, type: 'password' }, registrationExpected)).toEqual({
      ok: false,
      reason: 'bad_type',
    })
    expect(await verifyAuthentication({ ...assertion, type: 'public-key ' }, assertionExpected)).toEqual({
      ok: false,
      reason: 'bad_type',
    })
  })
})

describe('non-base64url and non-canonical encodings → malformed', () => {
  it('standard base64 characters, padding and non-zero unused bits are refused', async () => {
    const padded = `${assertion.response.signature}=`
    expect(await verifyAuthentication(withAssertion({ signature: padded }), assertionExpected)).toMatchObject(
      {
        ok: false,
        reason: 'malformed',
      },
    )
    const plusSlash = assertion.response.clientDataJSON.replace(/-/g, '+').replace(/_/g, '/')
    const swapped = plusSlash === assertion.response.clientDataJSON ? `${plusSlash}+` : plusSlash
    expect(
      await verifyAuthentication(withAssertion({ clientDataJSON: swapped }), assertionExpected),
    ).toMatchObject({
      ok: false,
      reason: 'malformed',
    })
    // 'AB' decodes to the same byte as 'AA' but with a non-zero unused bit: not canonical.
    expect(await verifyAuthentication(withAssertion({ userHandle: 'AB' }), assertionExpected)).toMatchObject({
      ok: false,
      reason: 'malformed',
    })
    expect(
      await verifyRegistration(
        withRegistration({ attestationObject: 'not base64url!' }),
        registrationExpected,
      ),
    ).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('binary parts that do not parse → malformed', () => {
  it('truncated authenticator data (36 bytes, and cut inside the header)', async () => {
    const authData = bytes(assertion.response.authenticatorData)
    for (const length of [0, 1, 32, 36]) {
      const cut = withAssertion({ authenticatorData: b64(authData.slice(0, length)) })
      expect(await verifyAuthentication(cut, assertionExpected)).toMatchObject({ ok: false })
    }
    const tooShort = withAssertion({ authenticatorData: b64(authData.slice(0, 36)) })
    expect(await verifyAuthentication(tooShort, assertionExpected)).toEqual({
      ok: false,
      reason: 'malformed',
    })
  })

  it('authenticator data with trailing bytes and no ED flag, or with the AT flag in an assertion', async () => {
    const authData = bytes(assertion.response.authenticatorData)
    const trailing = withAssertion({ authenticatorData: b64(Uint8Array.from([...authData, 0xa0])) })
    expect(await verifyAuthentication(trailing, assertionExpected)).toEqual({
      ok: false,
      reason: 'malformed',
    })
    const at = authData.slice()
    at[32]! |= 0x40
    expect(
      await verifyAuthentication(withAssertion({ authenticatorData: b64(at) }), assertionExpected),
    ).toEqual({ ok: false, reason: 'malformed' })
  })

  it('clientDataJSON that is not JSON, or JSON without the fields', async () => {
    for (const text of ['{', '[]', '"webauthn.get"', '{"type":"webauthn.get"}', '{"type":"payment.get"}']) {
      const clientDataJSON = b64(new TextEncoder().encode(text))
      expect(await verifyAuthentication(withAssertion({ clientDataJSON }), assertionExpected)).toEqual({
        ok: false,
        reason: 'malformed',
      })
    }
  })

  it('an attestation object that is not CBOR, has an unknown format, or a non-empty "none" statement', async () => {
    const authData = decodeAttestationAuthData(registration.response.attestationObject)
    const cases: Uint8Array[] = [
      Uint8Array.of(0xff, 0x00),
      bytes(registration.response.attestationObject).slice(0, 20),
      encodeCbor(new Map<string, CborValue>([['fmt', 'none']])),
      encodeCbor(attestation('x-custom', new Map(), authData)),
      encodeCbor(attestation('none', new Map<string, CborValue>([['sig', new Uint8Array(8)]]), authData)),
      encodeCbor(attestation('none', new Map(), authData.slice(0, 60))),
    ]
    for (const attestationObject of cases)
      expect(
        await verifyRegistration(
          withRegistration({ attestationObject: b64(attestationObject) }),
          registrationExpected,
        ),
      ).toEqual({ ok: false, reason: 'malformed' })
  })

  it('a packed self-attestation with a bad signature → attestation_invalid', async () => {
    const authData = decodeAttestationAuthData(registration.response.attestationObject)
    const statement = new Map<string, CborValue>([
      ['alg', -7],
      ['sig', Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01)],
    ])
    const attestationObject = b64(encodeCbor(attestation('packed', statement, authData)))
    expect(await verifyRegistration(withRegistration({ attestationObject }), registrationExpected)).toEqual({
      ok: false,
      reason: 'attestation_invalid',
    })
  })

  it('a stored public key that does not decode → invalid_public_key, not a throw', async () => {
    const broken = { ...assertionExpected, credential: { ...credential, publicKey: 'AAAA' } }
    expect(await verifyAuthentication(assertion, broken)).toEqual({ ok: false, reason: 'invalid_public_key' })
  })
})

describe('caller mistakes throw a TypeError (they are bugs, not hostile input)', () => {
  it('short challenge, no origins, origin with a trailing slash', async () => {
    await expect(
      verifyRegistration(registration, { ...registrationExpected, challenge: new Uint8Array(8) }),
    ).rejects.toThrow(TypeError)
    await expect(verifyAuthentication(assertion, { ...assertionExpected, origins: [] })).rejects.toThrow(
      TypeError,
    )
    await expect(
      verifyAuthentication(assertion, { ...assertionExpected, origins: [`${ORIGIN}/`] }),
    ).rejects.toThrow(TypeError)
  })
})

describe('properties (fast-check)', () => {
  it('any JSON value is refused without a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const r = await verifyRegistration(value, registrationExpected)
        const a = await verifyAuthentication(value, assertionExpected)
        parseAuthenticationCredentialId(value)
        return !r.ok && !a.ok
      }),
      { numRuns: 300 },
    )
  })

  it('any object with the right keys but arbitrary string values is refused without a throw', async () => {
    const field = fc.oneof(fc.string(), fc.base64String(), fc.constant(assertion.response.signature))
    await fc.assert(
      fc.asyncProperty(
        field,
        field,
        field,
        field,
        field,
        async (id, clientDataJSON, authenticatorData, signature, attestationObject) => {
          const a = await verifyAuthentication(
            { id, rawId: id, type: 'public-key', response: { clientDataJSON, authenticatorData, signature } },
            assertionExpected,
          )
          const r = await verifyRegistration(
            { id, rawId: id, type: 'public-key', response: { clientDataJSON, attestationObject } },
            registrationExpected,
          )
          return !a.ok && !r.ok
        },
      ),
      { numRuns: 200 },
    )
  })

  it('changing any one byte of authenticatorData, clientDataJSON or signature fails the assertion', async () => {
    const parts = ['authenticatorData', 'clientDataJSON', 'signature'] as const
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...parts),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (part, index, delta) => {
          const original = bytes(assertion.response[part])
          const changed = original.slice()
          const at = index % changed.byteLength
          changed[at] = (changed[at]! + delta) & 0xff
          const result = await verifyAuthentication(
            withAssertion({ [part]: b64(changed) }),
            assertionExpected,
          )
          return !result.ok
        },
      ),
      { numRuns: 300 },
    )
  })

  it('cutting the attestation object or its authenticator data anywhere is refused without a throw', async () => {
    const full = bytes(registration.response.attestationObject)
    const authData = decodeAttestationAuthData(registration.response.attestationObject)
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.boolean(), async (cut, inner) => {
        const attestationObject = inner
          ? encodeCbor(attestation('none', new Map(), authData.slice(0, cut % authData.byteLength)))
          : full.slice(0, cut % full.byteLength)
        const result = await verifyRegistration(
          withRegistration({ attestationObject: b64(attestationObject) }),
          registrationExpected,
        )
        return !result.ok
      }),
      { numRuns: 200 },
    )
  })
})

function attestation(
  fmt: string,
  attStmt: Map<string, CborValue>,
  authData: Uint8Array,
): Map<string, CborValue> {
  return new Map<string, CborValue>([
    ['fmt', fmt],
    ['attStmt', attStmt],
    ['authData', authData],
  ])
}

/** The authData byte string of a `none` attestation object built by the software authenticator. */
function decodeAttestationAuthData(attestationObject: string): Uint8Array {
  const raw = bytes(attestationObject)
  // {"fmt": "none", "attStmt": {}, "authData": h'…'}: the byte string is the last item; its head
  // is 0x59 (two-byte length) for authenticator data of 256 bytes or more, else 0x58.
  const marker = new TextEncoder().encode('authData')
  for (let i = 0; i + marker.byteLength < raw.byteLength; i++)
    if (marker.every((b, j) => raw[i + j] === b)) {
      const head = raw[i + marker.byteLength]!
      const start = i + marker.byteLength + (head === 0x59 ? 3 : 2)
      return raw.slice(start)
    }
  throw new Error('authData not found')
}
