import * as nodeCrypto from 'node:crypto'
import * as nodeRsArgon2 from '@node-rs/argon2'
import { describe, expect, it } from 'vitest'
import { createNodeBackend, loadNativeBackend } from '../../src/password/native/node.js'
import { parsePasswordHash } from '../../src/password/password-hash.js'

const utf8 = new TextEncoder()
const VECTOR = parsePasswordHash(
  '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
)
if (VECTOR?.algorithm !== 'argon2id') throw new Error('vector did not parse')
const ARGON2_VECTOR = VECTOR

type Argon2Callback = (error: Error | null, derived: Uint8Array) => void
interface Argon2Parameters {
  message: Uint8Array
  nonce: Uint8Array
  parallelism: number
  tagLength: number
  memory: number
  passes: number
}

/**
 * `node:crypto.argon2` where the running Node has it (≥ 24.7); on older Node, a stand-in with
 * the same documented signature built on @node-rs/argon2, which checks that core maps its
 * parameters to Node's names (memory in KiB, passes, tagLength, nonce).
 */
const realArgon2: unknown = Reflect.get(nodeCrypto, 'argon2')
const argon2 =
  typeof realArgon2 === 'function'
    ? realArgon2
    : (algorithm: 'argon2id', p: Argon2Parameters, callback: Argon2Callback) => {
        if (algorithm !== 'argon2id') throw new Error('unexpected algorithm')
        nodeRsArgon2
          .hashRaw(p.message, {
            memoryCost: p.memory,
            timeCost: p.passes,
            parallelism: p.parallelism,
            outputLen: p.tagLength,
            salt: p.nonce,
          })
          .then(
            (derived) => callback(null, derived),
            (error: Error) => callback(error, new Uint8Array()),
          )
      }

describe('native/node', () => {
  it('prefers @node-rs/argon2 for argon2id and uses node:crypto for scrypt', async () => {
    const backend = createNodeBackend({ nodeRsArgon2, nodeCrypto })
    expect(backend.argon2id?.implementation).toBe('@node-rs/argon2')
    expect(backend.scrypt?.implementation).toBe('node:crypto')
    expect(await backend.argon2id?.verify(utf8.encode('password'), ARGON2_VECTOR)).toBe(true)
  })

  it('accepts a CommonJS-style namespace whose functions sit under default', () => {
    const backend = createNodeBackend({
      nodeRsArgon2: { default: nodeRsArgon2 },
      nodeCrypto: { default: nodeCrypto },
    })
    expect(backend.argon2id?.implementation).toBe('@node-rs/argon2')
    expect(backend.scrypt?.implementation).toBe('node:crypto')
  })

  it('falls back to node:crypto argon2 without the optional peer', async () => {
    const backend = createNodeBackend({
      nodeRsArgon2: null,
      nodeCrypto: { scrypt: nodeCrypto.scrypt, argon2 },
    })
    expect(backend.argon2id?.implementation).toBe('node:crypto')
    expect(await backend.argon2id?.verify(utf8.encode('password'), ARGON2_VECTOR)).toBe(true)
    expect(await backend.argon2id?.verify(utf8.encode('Password'), ARGON2_VECTOR)).toBe(false)
  })

  it('leaves argon2id to the portable engine when neither is there (Node < 24.7, no peer)', () => {
    const backend = createNodeBackend({ nodeRsArgon2: null, nodeCrypto: { scrypt: nodeCrypto.scrypt } })
    expect(backend.argon2id).toBeNull()
    expect(backend.scrypt?.implementation).toBe('node:crypto')
  })

  it('ignores modules of the wrong shape', () => {
    expect(createNodeBackend({ nodeRsArgon2: { hash: () => '' }, nodeCrypto: 'node:crypto' })).toEqual({
      argon2id: null,
      scrypt: null,
    })
  })

  it('loads once and memoises', async () => {
    const first = loadNativeBackend()
    expect(loadNativeBackend()).toBe(first)
    expect((await first).argon2id?.implementation).toBe('@node-rs/argon2')
  })

  it('passes node:crypto scrypt enough maxmem for the OWASP default (N=2^17, r=8: 128 MiB)', async () => {
    const backend = createNodeBackend({ nodeRsArgon2: null, nodeCrypto })
    const hashed = await backend.scrypt?.hash(utf8.encode('password'), { logN: 17, r: 8, p: 1 })
    expect(hashed?.hash.byteLength).toBe(32)
  })
})
