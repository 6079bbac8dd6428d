import type { NativeBackend } from '../engine.js'

const none: NativeBackend = Object.freeze({ argon2id: null, scrypt: null })

/**
 * The `#native-hasher` module for runtimes without native password hashing that core knows
 * (Cloudflare Workers, Deno, browsers): every algorithm runs its portable implementation.
 * The Node and Bun variants (`node.ts`, `bun.ts`) export the same function.
 */
export function loadNativeBackend(): Promise<NativeBackend> {
  return Promise.resolve(none)
}
