import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '../passkeys/types.js'
import { type CborValue, encodeCbor } from './cbor-encode.js'

/** Algorithms the software authenticator can create credentials with. */
export type SoftwareAuthenticatorAlgorithm = 'ES256' | 'EdDSA' | 'RS256'

const COSE_ALGORITHM: Record<SoftwareAuthenticatorAlgorithm, number> = { ES256: -7, EdDSA: -8, RS256: -257 }

/** How the authenticator behaves when nothing is tampered with. */
export interface SoftwareAuthenticatorOptions {
  /** Algorithm of new credentials; must be among the options' `pubKeyCredParams` (default `'ES256'`). */
  algorithm?: SoftwareAuthenticatorAlgorithm
  /** Whether it verifies the user (sets UV) (default true). */
  userVerification?: boolean
  /** BE and BS flags: a synced passkey has both (default false, like a security key). */
  backupEligible?: boolean
  backedUp?: boolean
  /** `'increment'`: a counter per credential, +1 per assertion; `'zero'`: always 0, like synced passkeys (default `'increment'`). */
  counter?: 'increment' | 'zero'
  /** The AAGUID reported at registration (default 16 zero bytes). */
  aaguid?: Uint8Array
}

/** Deviations both ceremonies can inject, each one a way a hostile or broken client could answer. */
export interface CeremonyTamper {
  /** `clientDataJSON.origin` (default: the `origin` passed). */
  clientOrigin?: string
  /** The RP id hashed into the authenticator data (default: the options'). */
  rpId?: string
  /** `clientDataJSON.type` (default: this ceremony's). */
  type?: string
  /** `clientDataJSON.challenge`, base64url (default: the options'). */
  challenge?: string
  /** `clientDataJSON.crossOrigin` (default false). */
  crossOrigin?: boolean
  /** UP flag (default true). */
  userPresent?: boolean
  /** UV flag (default: the authenticator's `userVerification`). */
  userVerified?: boolean
  /** BE / BS flags (default: the authenticator's). */
  backupEligible?: boolean
  backedUp?: boolean
  /** The counter written into the authenticator data (default: the credential's counter). */
  signCount?: number
  /** Send an `id` that differs from `rawId`. */
  idMismatch?: boolean
  /** The JSON `type` (default `'public-key'`). */
  credentialType?: string
}

/** Registration-only deviations. */
export interface RegistrationTamper extends CeremonyTamper {
  /** Length of the new credential id in bytes (default 32; 1024 is one over the limit). */
  credentialIdLength?: number
  /** `'none'` (default) or a `packed` self-attestation signed with the new credential's key. */
  attestation?: 'none' | 'packed-self'
  /** Leave out the attested credential data (AT flag clear). */
  omitAttestedCredential?: boolean
}

/** Assertion-only deviations. */
export interface AssertionTamper extends CeremonyTamper {
  /** Answer with this credential (base64url id) instead of the newest allowed one. */
  credentialId?: string
  /** The returned user handle, base64url, or null for none (default: the one stored at registration). */
  userHandle?: string | null
  /** Flip a bit of the signature. */
  corruptSignature?: boolean
}

/** A credential held by the software authenticator. */
export interface SoftwareCredential {
  /** base64url credential id. */
  id: string
  rpId: string
  /** base64url user handle. */
  userHandle: string
  algorithm: SoftwareAuthenticatorAlgorithm
  /** The current counter. */
  signCount: number
}

/** A software WebAuthn authenticator plus the browser around it, for tests. */
export interface SoftwareAuthenticator {
  /**
   * Plays `navigator.credentials.create()` with the server's options from `origin`: creates a new
   * key pair and returns `RegistrationResponseJSON`. Throws like a browser: `InvalidStateError` when
   * it already holds an excluded credential, `NotSupportedError` when its algorithm is not offered.
   */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    context: { origin: string } & RegistrationTamper,
  ): Promise<RegistrationResponseJSON>
  /**
   * Plays `navigator.credentials.get()` from `origin`: signs with the newest credential for the RP id
   * that `allowCredentials` permits (any, when empty) and returns `AuthenticationResponseJSON`.
   * Throws `NotAllowedError` when it holds none.
   */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    context: { origin: string } & AssertionTamper,
  ): Promise<AuthenticationResponseJSON>
  /** The credentials created so far, oldest first. */
  credentials(): SoftwareCredential[]
}

interface HeldCredential extends SoftwareCredential {
  privateKey: CryptoKey
}

const utf8 = new TextEncoder()

/**
 * Creates a software authenticator with real keys (WebCrypto: P-256, Ed25519 or RSA-2048), real
 * CBOR attestation objects (format `none`, or `packed` self-attestation), correct
 * `clientDataJSON`, authenticator data flags and counters, and switches to tamper with each part.
 * Runtime-neutral: WebCrypto only.
 *
 * @example
 * ```ts
 * const authenticator = createSoftwareAuthenticator({ algorithm: 'EdDSA' })
 * const registration = await authenticator.register(registrationOptions({ ... }), { origin: 'https://example.com' })
 * const assertion = await authenticator.authenticate(authenticationOptions({ ... }), {
 *   origin: 'https://example.com',
 *   clientOrigin: 'https://evil.test', // tampered
 * })
 * ```
 */
export function createSoftwareAuthenticator(
  options: SoftwareAuthenticatorOptions = {},
): SoftwareAuthenticator {
  const algorithm = options.algorithm ?? 'ES256'
  const aaguid = options.aaguid ?? new Uint8Array(16)
  if (aaguid.byteLength !== 16) throw new TypeError('aaguid must be 16 bytes')
  const held: HeldCredential[] = []

  function flags(tamper: CeremonyTamper, attested: boolean): number {
    let value = 0
    if (tamper.userPresent ?? true) value |= 0x01
    if (tamper.userVerified ?? options.userVerification ?? true) value |= 0x04
    if (tamper.backupEligible ?? options.backupEligible ?? false) value |= 0x08
    if (tamper.backedUp ?? options.backedUp ?? false) value |= 0x10
    if (attested) value |= 0x40
    return value
  }

  async function authenticatorDataHeader(
    rpId: string,
    flagByte: number,
    signCount: number,
  ): Promise<Uint8Array> {
    const rpIdHash = await sha256(utf8.encode(rpId))
    return concat(rpIdHash, Uint8Array.of(flagByte), uint32(signCount))
  }

  function clientData(type: string, challenge: string, origin: string, tamper: CeremonyTamper): Uint8Array {
    return utf8.encode(
      JSON.stringify({
        type: tamper.type ?? type,
        challenge: tamper.challenge ?? challenge,
        origin: tamper.clientOrigin ?? origin,
        crossOrigin: tamper.crossOrigin ?? false,
      }),
    )
  }

  return {
    async register(creation, context) {
      if (!creation.pubKeyCredParams.some((param) => param.alg === COSE_ALGORITHM[algorithm]))
        throw new DOMException(`${algorithm} is not offered`, 'NotSupportedError')
      const rpId = creation.rp.id
      const excluded = new Set(creation.excludeCredentials.map((descriptor) => descriptor.id))
      if (held.some((credential) => credential.rpId === rpId && excluded.has(credential.id)))
        throw new DOMException('an excluded credential is present', 'InvalidStateError')

      const { privateKey, cose } = await generateCredentialKey(algorithm)
      const credentialId = crypto.getRandomValues(new Uint8Array(context.credentialIdLength ?? 32))
      const id = encodeBase64urlNoPadding(credentialId)
      const signCount = context.signCount ?? 0
      const attested = !context.omitAttestedCredential
      const header = await authenticatorDataHeader(context.rpId ?? rpId, flags(context, attested), signCount)
      const authData = attested
        ? concat(header, aaguid, uint16(credentialId.byteLength), credentialId, cose)
        : header
      const clientDataJSON = clientData('webauthn.create', creation.challenge, context.origin, context)

      let attestation: Map<string, CborValue>
      if (context.attestation === 'packed-self') {
        const signed = concat(authData, await sha256(clientDataJSON))
        const sig = await sign(algorithm, privateKey, signed)
        attestation = new Map<string, CborValue>([
          ['fmt', 'packed'],
          [
            'attStmt',
            new Map<string, CborValue>([
              ['alg', COSE_ALGORITHM[algorithm]],
              ['sig', sig],
            ]),
          ],
          ['authData', authData],
        ])
      } else {
        attestation = new Map<string, CborValue>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ])
      }

      held.push({ id, rpId, userHandle: creation.user.id, algorithm, signCount, privateKey })
      return {
        id: context.idMismatch ? encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32))) : id,
        rawId: id,
        type: (context.credentialType ?? 'public-key') as 'public-key',
        response: {
          clientDataJSON: encodeBase64urlNoPadding(clientDataJSON),
          attestationObject: encodeBase64urlNoPadding(encodeCbor(attestation)),
          transports: ['internal'],
        },
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
      }
    },

    async authenticate(request, context) {
      const allowed = new Set(request.allowCredentials.map((descriptor) => descriptor.id))
      const candidates = held.filter(
        (credential) =>
          credential.rpId === request.rpId &&
          (allowed.size === 0 || allowed.has(credential.id)) &&
          (context.credentialId === undefined || credential.id === context.credentialId),
      )
      const credential = candidates.at(-1)
      if (!credential) throw new DOMException('no credential for this request', 'NotAllowedError')
      if ((options.counter ?? 'increment') === 'increment') credential.signCount += 1
      const signCount = context.signCount ?? credential.signCount

      const authData = await authenticatorDataHeader(
        context.rpId ?? request.rpId,
        flags(context, false),
        signCount,
      )
      const clientDataJSON = clientData('webauthn.get', request.challenge, context.origin, context)
      const signature = await sign(
        credential.algorithm,
        credential.privateKey,
        concat(authData, await sha256(clientDataJSON)),
      )
      if (context.corruptSignature) signature[signature.byteLength - 1]! ^= 0x01
      const userHandle = context.userHandle === undefined ? credential.userHandle : context.userHandle

      return {
        id: context.idMismatch
          ? encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)))
          : credential.id,
        rawId: credential.id,
        type: (context.credentialType ?? 'public-key') as 'public-key',
        response: {
          clientDataJSON: encodeBase64urlNoPadding(clientDataJSON),
          authenticatorData: encodeBase64urlNoPadding(authData),
          signature: encodeBase64urlNoPadding(signature),
          userHandle,
        },
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
      }
    },

    credentials() {
      return held.map(({ id, rpId, userHandle, algorithm, signCount }) => ({
        id,
        rpId,
        userHandle,
        algorithm,
        signCount,
      }))
    },
  }
}

/** A new key pair and its public key as a COSE_Key (map keys in CTAP2 canonical order). */
async function generateCredentialKey(
  algorithm: SoftwareAuthenticatorAlgorithm,
): Promise<{ privateKey: CryptoKey; cose: Uint8Array }> {
  if (algorithm === 'ES256') {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
    const cose = new Map<number, CborValue>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, point.slice(1, 33)], // x
      [-3, point.slice(33, 65)], // y
    ])
    return { privateKey: pair.privateKey, cose: encodeCbor(cose) }
  }
  if (algorithm === 'EdDSA') {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    const x = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
    const cose = new Map<number, CborValue>([
      [1, 1], // kty: OKP
      [3, -8], // alg: EdDSA
      [-1, 6], // crv: Ed25519
      [-2, x],
    ])
    return { privateKey: pair.privateKey, cose: encodeCbor(cose) }
  }
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey)
  const cose = new Map<number, CborValue>([
    [1, 3], // kty: RSA
    [3, -257], // alg: RS256
    [-1, decodeBase64urlIgnorePadding(jwk.n ?? '')], // n
    [-2, decodeBase64urlIgnorePadding(jwk.e ?? '')], // e
  ])
  return { privateKey: pair.privateKey, cose: encodeCbor(cose) }
}

/** Signs as an authenticator does: ES256 as DER, EdDSA and RS256 as the raw signature. */
async function sign(
  algorithm: SoftwareAuthenticatorAlgorithm,
  key: CryptoKey,
  data: Uint8Array,
): Promise<Uint8Array> {
  const message = new Uint8Array(data)
  if (algorithm === 'ES256')
    return rawSignatureToDer(
      new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, message)),
    )
  if (algorithm === 'EdDSA')
    return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, message))
  return new Uint8Array(await crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, key, message))
}

/** `r || s` (WebCrypto) to DER `SEQUENCE { INTEGER r, INTEGER s }` (WebAuthn). */
function rawSignatureToDer(raw: Uint8Array): Uint8Array {
  const half = raw.byteLength / 2
  const integer = (bytes: Uint8Array): Uint8Array => {
    let start = 0
    while (start < bytes.byteLength - 1 && bytes[start] === 0) start++
    let value = bytes.subarray(start)
    if ((value[0]! & 0x80) !== 0) value = concat(Uint8Array.of(0), value)
    return concat(Uint8Array.of(0x02, value.byteLength), value)
  }
  const body = concat(integer(raw.subarray(0, half)), integer(raw.subarray(half)))
  return concat(Uint8Array.of(0x30, body.byteLength), body)
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data)))
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

function uint16(value: number): Uint8Array {
  return Uint8Array.of((value >> 8) & 0xff, value & 0xff)
}

function uint32(value: number): Uint8Array {
  return Uint8Array.of((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff)
}
