import { describe, expect, it } from 'vitest'
import { ConfigError, ServerBusyError, WeakPasswordError } from '../../src/errors/errors.js'
import {
  type CorePasswordHasher,
  createPasswordHasher,
  createPbkdf2PasswordHasher,
  MAX_HASHER_PASSWORD_BYTES,
  type Pbkdf2PasswordHasherOptions,
  parsePasswordHash,
} from '../../src/password/index.js'

const PASSWORD = 'correct horse battery staple'

/** Cheap parameters (far below production) so the suite stays fast. */
const FAST = { pbkdf2: { iterations: 1000 }, allowWeakParameters: true } satisfies Pbkdf2PasswordHasherOptions

/** The full hasher with the same cheap parameters for every algorithm, portable implementations. */
function fullHasher(algorithm: 'argon2id' | 'scrypt' | 'pbkdf2-sha256') {
  return createPasswordHasher({
    ...FAST,
    argon2id: { memoryCost: 256, timeCost: 2, parallelism: 1 },
    scrypt: { logN: 4, r: 8, p: 1 },
    algorithm,
    implementation: 'portable',
  })
}

function problemsOf(options: unknown): readonly string[] {
  try {
    createPbkdf2PasswordHasher(options as Pbkdf2PasswordHasherOptions)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('createPbkdf2PasswordHasher: hash and verify', () => {
  it('round-trips, refuses a wrong password, and writes the PHC string of createPasswordHasher', async () => {
    const hasher = createPbkdf2PasswordHasher(FAST)
    const phc = await hasher.hash(PASSWORD)
    expect(phc).toMatch(/^\$pbkdf2-sha256\$i=1000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await hasher.verify(phc, PASSWORD)).toBe(true)
    expect(await hasher.verify(phc, `${PASSWORD} `)).toBe(false)
    expect(hasher.needsRehash(phc)).toBe(false)
    expect(phc).not.toBe(await hasher.hash(PASSWORD))
  })

  it('hashes with the production default: 600,000 iterations, no rehash needed', async () => {
    const hasher = createPbkdf2PasswordHasher()
    expect(hasher.algorithm).toBe('pbkdf2-sha256')
    const phc = await hasher.hash(PASSWORD)
    expect(phc.startsWith('$pbkdf2-sha256$i=600000$')).toBe(true)
    expect(hasher.needsRehash(phc)).toBe(false)
    expect(await hasher.verify(phc, PASSWORD)).toBe(true)
  })

  it('refuses a password over the byte cap, and a non-string, like createPasswordHasher', async () => {
    const hasher = createPbkdf2PasswordHasher(FAST)
    const huge = 'a'.repeat(MAX_HASHER_PASSWORD_BYTES + 1)
    await expect(hasher.hash(huge)).rejects.toBeInstanceOf(WeakPasswordError)
    expect(await hasher.verify(await hasher.hash(PASSWORD), huge)).toBe(false)
    await expect(hasher.hash(undefined as unknown as string)).rejects.toBeInstanceOf(TypeError)
    expect(await hasher.verify(null as unknown as string, PASSWORD)).toBe(false)
  })

  it('is a CorePasswordHasher that reports WebCrypto for PBKDF2 and "unsupported" for the rest', async () => {
    const hasher: CorePasswordHasher = createPbkdf2PasswordHasher(FAST)
    expect(await hasher.implementations()).toEqual({
      argon2id: 'unsupported',
      scrypt: 'unsupported',
      'pbkdf2-sha256': 'WebCrypto',
    })
  })
})

describe('createPbkdf2PasswordHasher and createPasswordHasher read each other’s PBKDF2 hashes', () => {
  it.each(['argon2id', 'scrypt', 'pbkdf2-sha256'] as const)(
    'a lean hash verifies with createPasswordHasher configured for %s',
    async (configured) => {
      const phc = await createPbkdf2PasswordHasher(FAST).hash(PASSWORD)
      const full = fullHasher(configured)
      expect(await full.verify(phc, PASSWORD)).toBe(true)
      expect(await full.verify(phc, 'wrong password')).toBe(false)
      expect(full.needsRehash(phc)).toBe(configured !== 'pbkdf2-sha256')
    },
  )

  it('a createPasswordHasher PBKDF2 hash verifies with the lean hasher', async () => {
    const phc = await fullHasher('pbkdf2-sha256').hash(PASSWORD)
    const lean = createPbkdf2PasswordHasher(FAST)
    expect(await lean.verify(phc, PASSWORD)).toBe(true)
    expect(await lean.verify(phc, 'wrong password')).toBe(false)
    expect(lean.needsRehash(phc)).toBe(false)
    expect(createPbkdf2PasswordHasher({ ...FAST, pbkdf2: { iterations: 2000 } }).needsRehash(phc)).toBe(true)
  })
})

describe('createPbkdf2PasswordHasher: argon2id and scrypt hashes', () => {
  it.each(['argon2id', 'scrypt'] as const)(
    'a valid %s hash verifies as false (even with the right password) and needs a rehash',
    async (algorithm) => {
      const phc = await fullHasher(algorithm).hash(PASSWORD)
      expect(parsePasswordHash(phc)?.algorithm).toBe(algorithm)
      const lean = createPbkdf2PasswordHasher(FAST)
      expect(await lean.verify(phc, PASSWORD)).toBe(false)
      expect(lean.needsRehash(phc)).toBe(true)
    },
  )

  it('the argon2id reference vector verifies as false too', async () => {
    const vector = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'
    expect(await fullHasher('argon2id').verify(vector, 'password')).toBe(true)
    expect(await createPbkdf2PasswordHasher(FAST).verify(vector, 'password')).toBe(false)
  })
})

describe('createPbkdf2PasswordHasher: options', () => {
  it('refuses fewer than 600,000 iterations unless allowWeakParameters, with createPasswordHasher’s message', () => {
    const message =
      'password hasher: pbkdf2.iterations 100000 is below 600000 (OWASP / ASVS minimum; allowWeakParameters: true is for tests only)'
    expect(problemsOf({ pbkdf2: { iterations: 100_000 } })).toEqual([message])
    expect(() =>
      createPasswordHasher({ algorithm: 'pbkdf2-sha256', pbkdf2: { iterations: 100_000 } }),
    ).toThrow(message)
    expect(problemsOf({ pbkdf2: { iterations: 100_000 }, allowWeakParameters: true })).toEqual([])
    expect(problemsOf({ pbkdf2: { iterations: 1_000_000 } })).toEqual([])
  })

  it('lists every problem at once; algorithm, implementation and other algorithms’ parameters are unknown here', () => {
    expect(
      problemsOf({
        algorithm: 'pbkdf2-sha256',
        implementation: 'portable',
        argon2id: {},
        pbkdf2: { iterations: 0, rounds: 3 },
        maxConcurrent: 0,
        maxQueue: -1,
        allowWeakParameters: 'yes',
      }),
    ).toEqual([
      'password hasher: unknown option "algorithm"',
      'password hasher: unknown option "implementation"',
      'password hasher: unknown option "argon2id"',
      'password hasher: allowWeakParameters must be a boolean',
      'password hasher: maxConcurrent must be an integer in 1..1024',
      'password hasher: maxQueue must be an integer in 0..100000',
      'password hasher: pbkdf2.rounds is not a parameter (expected iterations)',
      'password hasher: pbkdf2.iterations must be an integer in 1..10000000',
    ])
    expect(() => createPbkdf2PasswordHasher(null as unknown as Pbkdf2PasswordHasherOptions)).toThrow(
      ConfigError,
    )
  })

  it('refuses with ServerBusyError beyond maxConcurrent + maxQueue, then recovers', async () => {
    const hasher = createPbkdf2PasswordHasher({ ...FAST, maxConcurrent: 1, maxQueue: 1 })
    const results = await Promise.allSettled([
      hasher.hash(PASSWORD),
      hasher.hash(PASSWORD),
      hasher.hash(PASSWORD),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    const third = results[2]
    expect(third?.status === 'rejected' && third.reason).toBeInstanceOf(ServerBusyError)
    expect(await hasher.verify(await hasher.hash(PASSWORD), PASSWORD)).toBe(true)
  })
})
