import type { KeyRing } from './import-keys.js'
import type { JsonWebKeySet } from './types.js'

/**
 * The JSON Web Key Set to publish (e.g. at `/.well-known/jwks.json`): the public half of every
 * asymmetric key, signing and verification-only alike, each with `kid`, `alg` and `use: 'sig'`.
 * Members are copied by allow-list (RSA `n`, `e`; EC `crv`, `x`, `y`; OKP `crv`, `x`), so no
 * private member (`d`, `p`, `q`, `dp`, `dq`, `qi`) and no HMAC secret can ever appear; HS* keys
 * are simply absent. A fresh copy on each call.
 *
 * @param ring - the imported keys
 * @returns the key set
 * @example
 * ```ts
 * const body = JSON.stringify(publicJwks(ring))
 * // serve with Cache-Control: public, max-age=300 so verifiers pick up a new key within minutes
 * ```
 */
export function publicJwks(ring: KeyRing): JsonWebKeySet {
  return { keys: ring.jwks.keys.map((jwk) => ({ ...jwk })) }
}
