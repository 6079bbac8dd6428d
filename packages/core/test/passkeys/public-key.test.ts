import { describe, expect, it } from 'vitest'
import { derSignatureToRaw } from '../../src/passkeys/der-signature.js'
import { importCoseKey, verifyPasskeySignature } from '../../src/passkeys/public-key.js'
import { type CborValue, encodeCbor } from '../../src/testing/cbor-encode.js'

const ALL = new Set([-7, -8, -257])
const message = new TextEncoder().encode('authData || SHA-256(clientDataJSON)')

async function p256KeyWhere(predicate: (x: Uint8Array, y: Uint8Array) => boolean) {
  for (;;) {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
    const x = point.slice(1, 33)
    const y = point.slice(33)
    if (predicate(x, y)) return { pair, x, y }
  }
}

function ec2Cose(x: Uint8Array, y: Uint8Array, extra: [number, CborValue][] = []): Uint8Array {
  return encodeCbor(new Map<number, CborValue>([[1, 2], [3, -7], [-1, 1], [-2, x], [-3, y], ...extra]))
}

function toDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array): number[] => {
    let start = 0
    while (start < bytes.length - 1 && bytes[start] === 0) start++
    const value = [...bytes.subarray(start)]
    if (value[0]! & 0x80) value.unshift(0)
    return [0x02, value.length, ...value]
  }
  const body = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32))]
  return Uint8Array.from([0x30, body.length, ...body])
}

describe('importCoseKey', () => {
  // Regression: @oslojs/crypto 1.0.1 ECDSAPublicKey.encodeSEC1Uncompressed() does not left-pad y,
  // which broke about 1 key in 256. The point is now built from the COSE bytes.
  it.each([
    ['y', (_x: Uint8Array, y: Uint8Array) => y[0] === 0],
    ['x', (x: Uint8Array) => x[0] === 0],
  ])(
    'imports a P-256 key whose %s starts with a zero byte, and verifies its signature',
    async (_name, predicate) => {
      const { pair, x, y } = await p256KeyWhere(predicate)
      const imported = await importCoseKey(ec2Cose(x, y), ALL)
      if (!imported.ok) throw new Error(imported.reason)
      const raw = new Uint8Array(
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, message),
      )
      expect(await verifyPasskeySignature(imported.key, toDer(raw), message)).toBe(true)
      expect(await verifyPasskeySignature(imported.key, raw, message)).toBe(false) // P1363 is not DER
    },
  )

  it('refuses a point off the curve, a private part, a wrong curve and a missing alg', async () => {
    const { x, y } = await p256KeyWhere(() => true)
    const offCurve = y.slice()
    offCurve[31]! ^= 1
    expect(await importCoseKey(ec2Cose(x, offCurve), ALL)).toEqual({
      ok: false,
      reason: 'invalid_public_key',
    })
    expect(await importCoseKey(ec2Cose(x, y, [[-4, new Uint8Array(32)]]), ALL)).toEqual({
      ok: false,
      reason: 'invalid_public_key',
    })
    const p384 = encodeCbor(
      new Map<number, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 2],
        [-2, x],
        [-3, y],
      ]),
    )
    expect(await importCoseKey(p384, ALL)).toEqual({ ok: false, reason: 'unsupported_algorithm' })
    const noAlg = encodeCbor(
      new Map<number, CborValue>([
        [1, 2],
        [-1, 1],
        [-2, x],
        [-3, y],
      ]),
    )
    expect(await importCoseKey(noAlg, ALL)).toEqual({ ok: false, reason: 'unsupported_algorithm' })
    expect(await importCoseKey(ec2Cose(x, y), new Set([-8]))).toEqual({
      ok: false,
      reason: 'unsupported_algorithm',
    })
    expect(await importCoseKey(new Uint8Array([0xff]), ALL)).toEqual({
      ok: false,
      reason: 'invalid_public_key',
    })
  })

  it('refuses an EC2 key labelled EdDSA and an OKP key labelled ES256', async () => {
    const { x, y } = await p256KeyWhere(() => true)
    const mislabelled = encodeCbor(
      new Map<number, CborValue>([
        [1, 2],
        [3, -8],
        [-1, 1],
        [-2, x],
        [-3, y],
      ]),
    )
    expect(await importCoseKey(mislabelled, ALL)).toEqual({ ok: false, reason: 'unsupported_algorithm' })
    const okp = encodeCbor(
      new Map<number, CborValue>([
        [1, 1],
        [3, -7],
        [-1, 6],
        [-2, x],
      ]),
    )
    expect(await importCoseKey(okp, ALL)).toEqual({ ok: false, reason: 'unsupported_algorithm' })
  })
})

describe('derSignatureToRaw (strict DER)', () => {
  const r = new Uint8Array(32).fill(0x11)
  const s = new Uint8Array(32).fill(0x22)
  const der = (...bytes: number[]) => Uint8Array.from(bytes)
  const canonical = toDer(Uint8Array.from([...r, ...s]))

  it('converts a canonical signature, including leading-zero and high-bit integers', () => {
    expect(derSignatureToRaw(canonical)).toEqual(Uint8Array.from([...r, ...s]))
    const high = new Uint8Array(32).fill(0x80)
    const short = new Uint8Array(32)
    short[31] = 7
    expect(derSignatureToRaw(toDer(Uint8Array.from([...high, ...short])))).toEqual(
      Uint8Array.from([...high, ...short]),
    )
  })

  it('refuses BER and other non-canonical forms', () => {
    // long-form sequence length
    expect(derSignatureToRaw(der(0x30, 0x81, canonical[1]!, ...canonical.subarray(2)))).toBeNull()
    // trailing byte, and a sequence length that disagrees with the data
    expect(derSignatureToRaw(der(...canonical, 0))).toBeNull()
    // unnecessary leading zero in r
    expect(derSignatureToRaw(der(0x30, 0x45, 0x02, 0x21, 0x00, ...r, 0x02, 0x20, ...s))).toBeNull()
    // negative r
    const negative = new Uint8Array(32).fill(0x90)
    expect(derSignatureToRaw(der(0x30, 0x44, 0x02, 0x20, ...negative, 0x02, 0x20, ...s))).toBeNull()
    // r of 33 significant bytes
    expect(derSignatureToRaw(der(0x30, 0x45, 0x02, 0x21, 0x01, ...r, 0x02, 0x20, ...s))).toBeNull()
    // zero-length integer, wrong tags, truncated
    expect(derSignatureToRaw(der(0x30, 0x24, 0x02, 0x00, 0x02, 0x20, ...s))).toBeNull()
    expect(derSignatureToRaw(der(0x31, ...canonical.subarray(1)))).toBeNull()
    expect(derSignatureToRaw(der(0x30, 0x44, 0x03, ...canonical.subarray(3)))).toBeNull()
    expect(derSignatureToRaw(canonical.subarray(0, 40))).toBeNull()
    expect(derSignatureToRaw(new Uint8Array(0))).toBeNull()
  })
})
