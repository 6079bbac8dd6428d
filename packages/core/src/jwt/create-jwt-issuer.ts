import { systemClock } from '../clock/clock.js'
import { importKeyRing, type KeyRing } from './import-keys.js'
import { publicJwks } from './jwks.js'
import { isResolvedJwtConfig } from './resolve-jwt-config.js'
import { signAccessToken } from './sign-access-token.js'
import type { JwtIssuer, JwtIssuerContext, ResolvedJwtConfig } from './types.js'
import { verifyAccessToken } from './verify-access-token.js'

/**
 * Creates the access-token issuer and verifier, synchronously. Keys are imported on first use
 * (or by `ready()`), once: the promise is memoised, so every later call reuses the same
 * `CryptoKey`s. A key that fails to import makes `ready`, `sign`, `jwks` and `verify` reject with
 * the same {@link ConfigError}: a server fault (500), never mistaken for a bad token.
 *
 * `verify` returns null for every invalid token (malformed, unknown key, bad signature, wrong
 * claims, expired): to a caller, no principal, and to HTTP a 401. `verifyDetailed` says why, so
 * the HTTP layer can answer `token_expired` when (and only when) the reason is `expired`.
 *
 * @param config - from {@link resolveJwtConfig}
 * @param context - the clock (default the system clock)
 * @returns the issuer
 * @throws {TypeError} when `config` did not come from {@link resolveJwtConfig}
 * @example
 * ```ts
 * const jwt = createJwtIssuer(resolveJwtConfig(options.jwt, { mode, logger }), { clock })
 * const { token } = await jwt.sign({ sub: user.id, sid: session.id, roles: user.roles, scopes: ['*'] })
 * const payload = await jwt.verify(token) // AccessTokenPayload | null
 * ```
 * @example
 * ```ts
 * // Typed custom claims
 * const jwt = createJwtIssuer<{ tenant: string }>(config)
 * const { token } = await jwt.sign({ sub: 'u1', claims: { tenant: 't1' } })
 * const tenant = (await jwt.verify(token))?.tenant
 * ```
 * @example
 * ```ts
 * // Development without keys: persist the generated key so tokens survive restarts.
 * const key = await jwt.generatedKey()
 * if (key) await writeFile('.data/jwt-key.json', JSON.stringify(key)) // pass back as jwt.keys: [key]
 * ```
 */
export function createJwtIssuer<C extends object = Record<never, never>>(
  config: ResolvedJwtConfig,
  context: JwtIssuerContext = {},
): JwtIssuer<C> {
  if (!isResolvedJwtConfig(config))
    throw new TypeError('createJwtIssuer needs the result of resolveJwtConfig')
  const clock = context.clock ?? systemClock
  let ring: Promise<KeyRing> | undefined
  const keys = (): Promise<KeyRing> => {
    ring ??= importKeyRing(config)
    return ring
  }
  return {
    config,
    async ready() {
      await keys()
    },
    async sign(input) {
      return signAccessToken<C>(input, await keys(), config, clock.now())
    },
    async verify(token) {
      const result = await verifyAccessToken<C>(token, await keys(), config, clock.now())
      return result.valid ? result.payload : null
    },
    async verifyDetailed(token) {
      return verifyAccessToken<C>(token, await keys(), config, clock.now())
    },
    async jwks() {
      return publicJwks(await keys())
    },
    async generatedKey() {
      return (await keys()).generated
    },
  }
}
