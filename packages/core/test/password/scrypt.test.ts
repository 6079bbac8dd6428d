import { scrypt as nodeScrypt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createNodeBackend } from '../../src/password/native/node.js'
import { scrypt } from '../../src/password/scrypt.js'
import { portableScrypt } from '../../src/password/scrypt-engine.js'

const utf8 = new TextEncoder()
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

// RFC 7914 §12 inputs, outputs recomputed with CPython/OpenSSL (SECURITY.md §10.3).
const VECTORS = [
  {
    password: '',
    salt: '',
    params: { logN: 4, r: 1, p: 1 },
    out: '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
  },
  {
    password: 'password',
    salt: 'NaCl',
    params: { logN: 10, r: 8, p: 16 },
    out: 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
  },
]

const native = createNodeBackend({ nodeRsArgon2: null, nodeCrypto: { scrypt: nodeScrypt } }).scrypt

describe('scrypt known answers (RFC 7914 §12)', () => {
  it.each(VECTORS)('portable @noble/hashes: N=2^$params.logN r=$params.r p=$params.p', async (v) => {
    expect(hex(await portableScrypt(utf8.encode(v.password), utf8.encode(v.salt), v.params, 64))).toBe(v.out)
  })

  it.each(VECTORS)('native node:crypto: N=2^$params.logN r=$params.r p=$params.p', async (v) => {
    const stored = { params: v.params, salt: utf8.encode(v.salt), hash: Buffer.from(v.out, 'hex') }
    expect(await native?.verify(utf8.encode(v.password), stored)).toBe(true)
  })
})

describe('scrypt parameters', () => {
  it('defaults to OWASP N=2^17, r=8, p=1', () => {
    expect(scrypt.defaults).toEqual({ logN: 17, r: 8, p: 1 })
    expect(scrypt.weaknesses(scrypt.defaults)).toEqual([])
  })

  it.each([
    [{ logN: 16, r: 8, p: 1 }, false],
    [{ logN: 16, r: 8, p: 2 }, true],
    [{ logN: 15, r: 8, p: 3 }, true],
    [{ logN: 14, r: 8, p: 5 }, false],
    [{ logN: 17, r: 4, p: 1 }, false],
  ])('%o meets the OWASP/ASVS minimum: %s', (params, meets) => {
    expect(scrypt.weaknesses(params).length === 0).toBe(meets)
  })

  it('caps memory at 1 GiB', () => {
    expect(scrypt.problems({ logN: 20, r: 8, p: 1 })).toEqual([])
    expect(scrypt.problems({ logN: 21, r: 8, p: 1 })).toEqual(['128 × 2^logN × r must not exceed 1 GiB'])
  })
})
