import { hash as nodeRsHash, verify as nodeRsVerify } from '@node-rs/argon2'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { bunArgon2idEngine } from '../../src/password/native/bun.js'
import { parsePasswordHash } from '../../src/password/password-hash.js'

/**
 * A stand-in for `Bun.password` (Bun is not installed here): hashes and verifies with
 * @node-rs/argon2 and records the calls, so the adapter's mapping and fallbacks are checked.
 */
function fakeBunPassword(overrides: { saltLength?: number; hashOverride?: string } = {}) {
  return {
    hash: vi.fn(
      async (
        password: Uint8Array,
        options: { algorithm: 'argon2id'; memoryCost: number; timeCost: number },
      ) => {
        if (overrides.hashOverride) return overrides.hashOverride
        const salt = crypto.getRandomValues(new Uint8Array(overrides.saltLength ?? 32))
        return nodeRsHash(password, {
          memoryCost: options.memoryCost,
          timeCost: options.timeCost,
          parallelism: 1,
          salt,
        })
      },
    ),
    verify: vi.fn((password: Uint8Array, phc: string) => nodeRsVerify(phc, password)),
  }
}

const utf8 = new TextEncoder()
const password = utf8.encode('correct horse battery staple')
const params = { memoryCost: 256, timeCost: 2, parallelism: 1 }

afterEach(() => {
  vi.restoreAllMocks()
})

describe('native/bun: argon2id over Bun.password', () => {
  it('hashes through Bun.password with memory in KiB and keeps its salt', async () => {
    const bun = fakeBunPassword()
    const engine = bunArgon2idEngine(bun)
    const { salt, hash } = await engine.hash(password, params)
    expect(bun.hash).toHaveBeenCalledWith(password, { algorithm: 'argon2id', memoryCost: 256, timeCost: 2 })
    expect(salt.byteLength).toBe(32)
    expect(hash.byteLength).toBe(32)
    expect(await engine.verify(password, { params, salt, hash })).toBe(true)
    expect(bun.verify).toHaveBeenCalledTimes(1)
  })

  it('verifies a reference vector through Bun.password', async () => {
    const record = parsePasswordHash(
      '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc',
    )
    if (record?.algorithm !== 'argon2id') throw new Error('vector did not parse')
    expect(await bunArgon2idEngine(fakeBunPassword()).verify(utf8.encode('password'), record)).toBe(true)
  })

  it('uses the portable engine for parallelism other than 1 (Bun has no such option)', async () => {
    const bun = fakeBunPassword()
    const engine = bunArgon2idEngine(bun)
    const stored = await engine.hash(password, { ...params, parallelism: 2 })
    expect(bun.hash).not.toHaveBeenCalled()
    expect(stored.salt.byteLength).toBe(16)
    expect(await engine.verify(password, { ...stored, params: { ...params, parallelism: 2 } })).toBe(true)
  })

  it('uses the portable engine when Bun returns other parameters than asked', async () => {
    const other = await nodeRsHash('x', { memoryCost: 512, timeCost: 2, parallelism: 1 })
    const engine = bunArgon2idEngine(fakeBunPassword({ hashOverride: other }))
    const stored = await engine.hash(password, params)
    expect(stored.salt.byteLength).toBe(16)
    expect(await engine.verify(password, { ...stored, params })).toBe(true)
  })

  it('falls back to the portable verify when Bun.password.verify throws', async () => {
    const bun = fakeBunPassword()
    bun.verify.mockRejectedValue(new Error('unsupported'))
    const engine = bunArgon2idEngine(bun)
    const stored = await engine.hash(password, params)
    expect(await engine.verify(password, { ...stored, params })).toBe(true)
    expect(await engine.verify(utf8.encode('wrong'), { ...stored, params })).toBe(false)
  })
})
