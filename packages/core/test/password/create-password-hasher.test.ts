import { hash as nodeRsHash, verify as nodeRsVerify } from '@node-rs/argon2'
import { describe, expect, it } from 'vitest'
import { ServerBusyError, WeakPasswordError } from '../../src/errors/errors.js'
import {
  createPasswordHasher,
  formatPasswordHash,
  MAX_HASHER_PASSWORD_BYTES,
  PASSWORD_HASH_ALGORITHMS,
  type PasswordHashAlgorithm,
  type PasswordHasherOptions,
  parsePasswordHash,
} from '../../src/password/index.js'

/** Core's tests also run under Bun (packages/bun/test/core-under-bun.test.ts). */
const ON_BUN = 'Bun' in globalThis

const PASSWORD = 'correct horse battery staple'

/** Cheap parameters (far below production) so the suite stays fast. */
const FAST = {
  argon2id: { memoryCost: 256, timeCost: 2, parallelism: 1 },
  scrypt: { logN: 4, r: 8, p: 1 },
  pbkdf2: { iterations: 1000 },
  allowWeakParameters: true,
} satisfies PasswordHasherOptions

function fastHasher(algorithm: PasswordHashAlgorithm, implementation: 'auto' | 'portable' = 'auto') {
  return createPasswordHasher({ ...FAST, algorithm, implementation })
}

describe('createPasswordHasher: hash and verify', () => {
  it.each(PASSWORD_HASH_ALGORITHMS)(
    '%s: verifies the right password and refuses a wrong one',
    async (algorithm) => {
      const hasher = fastHasher(algorithm)
      const phc = await hasher.hash(PASSWORD)
      expect(phc.startsWith(`$${algorithm}$`)).toBe(true)
      expect(await hasher.verify(phc, PASSWORD)).toBe(true)
      expect(await hasher.verify(phc, `${PASSWORD} `)).toBe(false)
      expect(await hasher.verify(phc, PASSWORD.toUpperCase())).toBe(false)
    },
  )

  it.each(PASSWORD_HASH_ALGORITHMS)(
    '%s: 16-byte random salt, 32-byte hash, two hashes differ',
    async (algorithm) => {
      const hasher = fastHasher(algorithm)
      const [a, b] = await Promise.all([hasher.hash(PASSWORD), hasher.hash(PASSWORD)])
      expect(a).not.toBe(b)
      const record = parsePasswordHash(a)
      // Bun.password (argon2id under Bun) draws a 32-byte salt; every other backend 16.
      expect(record?.salt.byteLength).toBe(ON_BUN && algorithm === 'argon2id' ? 32 : 16)
      expect(record?.hash.byteLength).toBe(32)
      expect(record?.salt).not.toEqual(parsePasswordHash(b)?.salt)
    },
  )

  describe('verifies every algorithm whatever the configured one (migration)', () => {
    const cases = PASSWORD_HASH_ALGORITHMS.flatMap((configured) =>
      PASSWORD_HASH_ALGORITHMS.map((madeWith) => [configured, madeWith] as const),
    )
    it.each(cases)('configured %s verifies a %s hash', async (configured, madeWith) => {
      const phc = await fastHasher(madeWith).hash(PASSWORD)
      const hasher = fastHasher(configured)
      expect(await hasher.verify(phc, PASSWORD)).toBe(true)
      expect(await hasher.verify(phc, 'wrong password, same length!')).toBe(false)
    })
  })

  it('hashes with the production defaults: argon2id m=19456 KiB, t=2, p=1', async () => {
    const hasher = createPasswordHasher()
    const phc = await hasher.hash(PASSWORD)
    expect(phc).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{22}|[A-Za-z0-9+/]{43})\$[A-Za-z0-9+/]{43}$/,
    )
    expect(hasher.needsRehash(phc)).toBe(false)
    expect(await hasher.verify(phc, PASSWORD)).toBe(true)
  })

  it('verifies the reference vectors (phc-winner-argon2 test.c)', async () => {
    const hasher = fastHasher('argon2id', 'portable')
    const p1 = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'
    const p2 = '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc'
    expect(await hasher.verify(p1, 'password')).toBe(true)
    expect(await hasher.verify(p2, 'password')).toBe(true)
    expect(await hasher.verify(p1, 'Password')).toBe(false)
  })
})

describe('createPasswordHasher: malformed input never throws from verify', () => {
  const hasher = fastHasher('argon2id')
  const valid = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'

  it.each([
    ['empty string', ''],
    ['plain text', 'password'],
    ['truncated hash', valid.slice(0, -5)],
    ['missing salt', '$argon2id$v=19$m=256,t=2,p=1$$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
    ['bcrypt', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['argon2i', valid.replace('argon2id', 'argon2i')],
    ['absurd memory', valid.replace('m=256', 'm=4294967295')],
    ['base64url', '$pbkdf2-sha256$i=1000$c29tZXNhbHQ$_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_'],
    ['a megabyte', `$argon2id$v=19$${'m'.repeat(1_000_000)}`],
  ])('%s → false', async (_, phc) => {
    await expect(hasher.verify(phc, 'password')).resolves.toBe(false)
  })

  it('non-string arguments → false', async () => {
    await expect(hasher.verify(null as unknown as string, 'password')).resolves.toBe(false)
    await expect(hasher.verify(valid, 42 as unknown as string)).resolves.toBe(false)
  })

  it('refuses a password over the byte cap without running a KDF', async () => {
    const huge = 'a'.repeat(MAX_HASHER_PASSWORD_BYTES + 1)
    const started = performance.now()
    expect(await hasher.verify(valid, huge)).toBe(false)
    expect(performance.now() - started).toBeLessThan(50)
    await expect(hasher.hash(huge)).rejects.toBeInstanceOf(WeakPasswordError)
    await expect(hasher.hash(huge)).rejects.toMatchObject({ reason: 'too_long' })
  })

  it('hash refuses a non-string (a caller bug)', async () => {
    await expect(hasher.hash(undefined as unknown as string)).rejects.toBeInstanceOf(TypeError)
  })
})

describe('createPasswordHasher: needsRehash', () => {
  const hasher = fastHasher('argon2id')
  const salt = Uint8Array.from({ length: 16 }, (_, i) => i)
  const hash = Uint8Array.from({ length: 32 }, (_, i) => 255 - i)
  const argon2 = (memoryCost: number, timeCost: number, parallelism: number, saltBytes = salt) =>
    formatPasswordHash({
      algorithm: 'argon2id',
      params: { memoryCost, timeCost, parallelism },
      salt: saltBytes,
      hash,
    })

  it('is false for the configured algorithm and parameters', async () => {
    expect(hasher.needsRehash(argon2(256, 2, 1))).toBe(false)
    expect(hasher.needsRehash(await hasher.hash(PASSWORD))).toBe(false)
  })

  it.each([
    ['lower memory', argon2(128, 2, 1)],
    ['higher memory', argon2(512, 2, 1)],
    ['other time cost', argon2(256, 3, 1)],
    ['other parallelism', argon2(256, 2, 2)],
    ['a salt shorter than 16 bytes', argon2(256, 2, 1, salt.slice(0, 8))],
    [
      'another algorithm',
      formatPasswordHash({ algorithm: 'scrypt', params: { logN: 4, r: 8, p: 1 }, salt, hash }),
    ],
    ['an unparsable string', 'not a hash'],
    ['a non-string', 7 as unknown as string],
  ])('is true for %s', (_, phc) => {
    expect(hasher.needsRehash(phc)).toBe(true)
  })

  it('flags every PBKDF2 or scrypt hash once argon2id is configured, and the reverse', async () => {
    const scryptHash = await fastHasher('scrypt').hash(PASSWORD)
    const pbkdf2Hash = await fastHasher('pbkdf2-sha256').hash(PASSWORD)
    expect(hasher.needsRehash(scryptHash)).toBe(true)
    expect(hasher.needsRehash(pbkdf2Hash)).toBe(true)
    expect(fastHasher('scrypt').needsRehash(scryptHash)).toBe(false)
    expect(
      createPasswordHasher({ ...FAST, algorithm: 'scrypt', scrypt: { logN: 5 } }).needsRehash(scryptHash),
    ).toBe(true)
  })
})

describe('createPasswordHasher: interoperability', () => {
  it('uses the native backends when available (auto): @node-rs/argon2 under Node, Bun.password under Bun', async () => {
    expect(await fastHasher('argon2id').implementations()).toEqual({
      argon2id: ON_BUN ? 'Bun.password' : '@node-rs/argon2',
      scrypt: 'node:crypto',
      'pbkdf2-sha256': 'WebCrypto',
    })
    expect(await fastHasher('argon2id', 'portable').implementations()).toEqual({
      argon2id: '@noble/hashes',
      scrypt: '@noble/hashes',
      'pbkdf2-sha256': 'WebCrypto',
    })
  })

  it('a hash made by @node-rs/argon2 verifies with the portable implementation', async () => {
    const phc = await nodeRsHash(PASSWORD, { memoryCost: 256, timeCost: 2, parallelism: 1 })
    const portable = fastHasher('argon2id', 'portable')
    expect(await portable.verify(phc, PASSWORD)).toBe(true)
    expect(await portable.verify(phc, 'wrong')).toBe(false)
    expect(portable.needsRehash(phc)).toBe(false)
  })

  it('a portable hash verifies with @node-rs/argon2', async () => {
    const phc = await fastHasher('argon2id', 'portable').hash(PASSWORD)
    expect(await nodeRsVerify(phc, PASSWORD)).toBe(true)
    expect(await nodeRsVerify(phc, 'wrong')).toBe(false)
  })

  it('a default-parameter @node-rs/argon2 hash verifies with the portable implementation', async () => {
    const phc = await nodeRsHash(PASSWORD)
    expect(phc.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true)
    expect(await createPasswordHasher({ implementation: 'portable' }).verify(phc, PASSWORD)).toBe(true)
  })

  it.each(['argon2id', 'scrypt'] as const)('%s: native and portable verify each other', async (algorithm) => {
    const native = fastHasher(algorithm, 'auto')
    const portable = fastHasher(algorithm, 'portable')
    expect(await portable.verify(await native.hash(PASSWORD), PASSWORD)).toBe(true)
    expect(await native.verify(await portable.hash(PASSWORD), PASSWORD)).toBe(true)
  })
})

describe('createPasswordHasher: concurrency (PW-14)', () => {
  it('refuses with ServerBusyError beyond maxConcurrent + maxQueue, then recovers', async () => {
    const hasher = createPasswordHasher({ ...FAST, maxConcurrent: 1, maxQueue: 1 })
    const results = await Promise.allSettled([
      hasher.hash(PASSWORD),
      hasher.hash(PASSWORD),
      hasher.verify(
        '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
        'x',
      ),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    const third = results[2]
    expect(third?.status === 'rejected' && third.reason).toBeInstanceOf(ServerBusyError)
    expect(await hasher.verify(await hasher.hash(PASSWORD), PASSWORD)).toBe(true)
  })

  it('refuses invalid options at construction', () => {
    expect(() => createPasswordHasher({ argon2id: { memoryCost: 1024 } })).toThrow(/below 19456/)
  })
})
