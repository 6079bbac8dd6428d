import { scryptAsync } from '@noble/hashes/scrypt.js'
import type { RawKdf } from './algorithm-spec.js'
import { engineFromKdf, type HashEngine } from './engine.js'
import { type ScryptParams, scryptMemoryBytes } from './scrypt.js'

/**
 * scrypt (RFC 7914) in portable JavaScript: `@noble/hashes`' `scryptAsync`, which yields to the
 * event loop every 10 ms. Its own module so that a bundle without scrypt leaves
 * `@noble/hashes/scrypt` (and its PBKDF2) out.
 */
export const portableScrypt: RawKdf<ScryptParams> = (password, salt, params, hashBytes) =>
  scryptAsync(password, salt, {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    dkLen: hashBytes,
    maxmem: scryptMemoryBytes(params),
  })

/** The portable scrypt engine, and the fallback of the native ones. */
export const portableScryptEngine: HashEngine<ScryptParams> = /* @__PURE__ */ engineFromKdf(
  '@noble/hashes',
  portableScrypt,
)
