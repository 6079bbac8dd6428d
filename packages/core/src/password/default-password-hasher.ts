import { createPasswordHasher } from './create-password-hasher.js'
import type { CorePasswordHasher } from './types.js'

/**
 * The `#default-password-hasher` module for Node, Bun, Deno and every runtime without an edge
 * condition: `createAuth`'s hasher when the options give none. The edge variant is
 * `default-password-hasher-edge.ts`; both export this function.
 *
 * @returns `createPasswordHasher()`: argon2id (native where available), verifying every algorithm
 */
export function createDefaultPasswordHasher(): CorePasswordHasher {
  return createPasswordHasher()
}
