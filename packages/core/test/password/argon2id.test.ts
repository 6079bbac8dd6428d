import { hashRaw } from '@node-rs/argon2'
import { describe, expect, it } from 'vitest'
import { argon2id } from '../../src/password/argon2id.js'
import { portableArgon2id } from '../../src/password/argon2id-engine.js'
import { createNodeBackend } from '../../src/password/native/node.js'
import { parsePasswordHash } from '../../src/password/password-hash.js'

const utf8 = new TextEncoder()
const password = utf8.encode('password')
const salt = utf8.encode('somesalt')

// phc-winner-argon2 src/test.c (SECURITY.md §10.3).
const M256_P1 = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'
const M256_P2 = '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc'
const M65536_TAG = '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7'

const nodeRs = createNodeBackend({ nodeRsArgon2: { hashRaw }, nodeCrypto: null }).argon2id

describe('argon2id known answers (phc-winner-argon2 test.c)', () => {
  it.each([
    ['m=256,t=2,p=1', M256_P1],
    ['m=256,t=2,p=2', M256_P2],
  ])('portable @noble/hashes: %s', async (_, phc) => {
    const record = parsePasswordHash(phc)
    if (record?.algorithm !== 'argon2id') throw new Error('vector did not parse')
    expect(await portableArgon2id(password, salt, record.params, 32)).toEqual(record.hash)
  })

  it.each([
    ['m=256,t=2,p=1', M256_P1],
    ['m=256,t=2,p=2', M256_P2],
  ])('native @node-rs/argon2: %s', async (_, phc) => {
    const record = parsePasswordHash(phc)
    if (record?.algorithm !== 'argon2id') throw new Error('vector did not parse')
    expect(await nodeRs?.verify(password, record)).toBe(true)
  })

  it('native @node-rs/argon2: m=65536,t=2,p=1', async () => {
    const record = parsePasswordHash(
      '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
    )
    if (record?.algorithm !== 'argon2id') throw new Error('vector did not parse')
    expect(Buffer.from(record.hash).toString('hex')).toBe(M65536_TAG)
    expect(await nodeRs?.verify(password, record)).toBe(true)
  })
})

describe('argon2id parameters', () => {
  it('defaults to the OWASP headline m=19456 KiB, t=2, p=1', () => {
    expect(argon2id.defaults).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 })
    expect(argon2id.weaknesses(argon2id.defaults)).toEqual([])
  })

  it.each([
    [{ memoryCost: 47104, timeCost: 1, parallelism: 1 }, true],
    [{ memoryCost: 47103, timeCost: 1, parallelism: 1 }, false],
    [{ memoryCost: 19456, timeCost: 2, parallelism: 1 }, true],
    [{ memoryCost: 19455, timeCost: 2, parallelism: 1 }, false],
    [{ memoryCost: 12288, timeCost: 3, parallelism: 1 }, true],
    [{ memoryCost: 12287, timeCost: 3, parallelism: 1 }, false],
    // OWASP lists m=9216,t=4 and m=7168,t=5; ASVS 5.0 asks m ≥ 12288 for any t ≥ 3: the stricter wins.
    [{ memoryCost: 9216, timeCost: 4, parallelism: 1 }, false],
    [{ memoryCost: 7168, timeCost: 5, parallelism: 1 }, false],
  ])('%o meets the OWASP/ASVS minimum: %s', (params, meets) => {
    expect(argon2id.weaknesses(params).length === 0).toBe(meets)
  })

  it('reports out-of-bounds values', () => {
    expect(argon2id.problems({ memoryCost: 1.5, timeCost: 0, parallelism: 17 })).toEqual([
      'memoryCost must be an integer in 8..1048576',
      'timeCost must be an integer in 1..64',
      'parallelism must be an integer in 1..16',
    ])
    expect(argon2id.problems({ memoryCost: 8, timeCost: 1, parallelism: 2 })).toEqual([
      'memoryCost must be at least 8 × parallelism',
    ])
  })
})
