import { describe, expect, it } from 'vitest'
import { createHasherWith } from '../../src/password/create-hasher-with.js'
import type { HashEngine } from '../../src/password/engine.js'
import type { Pbkdf2Sha256Params } from '../../src/password/pbkdf2-sha256.js'

/** A stand-in engine: the "hash" is the password itself, and it counts its calls. */
function fakeEngine(): HashEngine<Pbkdf2Sha256Params> & { calls: number } {
  return {
    implementation: 'fake',
    calls: 0,
    async hash(password) {
      this.calls++
      return {
        salt: new Uint8Array(16).fill(1),
        hash: Uint8Array.from({ length: 32 }, (_, i) => password[i] ?? 0),
      }
    },
    async verify(password, stored) {
      this.calls++
      return stored.hash.every((byte, i) => byte === (password[i] ?? 0))
    },
  }
}

const config = {
  algorithm: 'pbkdf2-sha256',
  params: { iterations: 7 },
  maxConcurrent: 2,
  maxQueue: 2,
} as const

describe('createHasherWith', () => {
  it('hashes and verifies with the engine of the configured algorithm, loading the engines once', async () => {
    const engine = fakeEngine()
    let loads = 0
    const hasher = createHasherWith(async () => {
      loads++
      return { 'pbkdf2-sha256': engine }
    }, config)
    expect(loads).toBe(0)
    const phc = await hasher.hash('abc')
    expect(phc.startsWith('$pbkdf2-sha256$i=7$')).toBe(true)
    expect(await hasher.verify(phc, 'abc')).toBe(true)
    expect(await hasher.verify(phc, 'abd')).toBe(false)
    expect(await hasher.implementations()).toEqual({
      argon2id: 'unsupported',
      scrypt: 'unsupported',
      'pbkdf2-sha256': 'fake',
    })
    expect(loads).toBe(1)
  })

  it('a well-formed string of an algorithm without an engine verifies as false and needs a rehash', async () => {
    const engine = fakeEngine()
    const hasher = createHasherWith(async () => ({ 'pbkdf2-sha256': engine }), config)
    const scrypt = '$scrypt$ln=4,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'
    expect(await hasher.verify(scrypt, 'anything')).toBe(false)
    expect(hasher.needsRehash(scrypt)).toBe(true)
    expect(engine.calls).toBe(0)
  })

  it('a verify the engine throws on is false, not a crash', async () => {
    const engine = fakeEngine()
    engine.verify = async () => {
      throw new Error('refused')
    }
    const hasher = createHasherWith(async () => ({ 'pbkdf2-sha256': engine }), config)
    expect(await hasher.verify(await hasher.hash('abc'), 'abc')).toBe(false)
  })
})
