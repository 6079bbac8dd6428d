import { argon2idAsync } from '@noble/hashes/argon2.js'
import type { RawKdf } from './algorithm-spec.js'
import { ARGON2_VERSION, type Argon2idParams, MAX_MEMORY_KIB, MAX_PARALLELISM } from './argon2id.js'
import { engineFromKdf, type HashEngine } from './engine.js'

/**
 * Argon2id v=19 in portable JavaScript: `@noble/hashes`' async variant, which yields to the event
 * loop every 10 ms. Its own module so that a bundle without argon2id leaves `@noble/hashes/argon2`
 * (and blake2) out.
 */
export const portableArgon2id: RawKdf<Argon2idParams> = (password, salt, params, hashBytes) =>
  argon2idAsync(password, salt, {
    m: params.memoryCost,
    t: params.timeCost,
    p: params.parallelism,
    dkLen: hashBytes,
    version: ARGON2_VERSION,
    maxmem: (MAX_MEMORY_KIB + 4 * MAX_PARALLELISM) * 1024,
  })

/** The portable argon2id engine, and the fallback of the native ones. */
export const portableArgon2idEngine: HashEngine<Argon2idParams> = /* @__PURE__ */ engineFromKdf(
  '@noble/hashes',
  portableArgon2id,
)
