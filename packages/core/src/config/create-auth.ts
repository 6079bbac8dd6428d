import type * as z from 'zod/v4/core'
import { createApi } from '../auth/create-api.js'
import type { Auth, AuthStrategy } from '../auth/types.js'
import { createHandler } from '../http/handler.js'
import { clearSessionCookie, sessionCookie } from '../http/session-cookie.js'
import { accessTokenStrategy } from '../strategies/access-token.js'
import { apiKeyStrategy } from '../strategies/api-key.js'
import { createAuthChain } from '../strategies/chain.js'
import { sessionCookieStrategy } from '../strategies/session-cookie.js'
import type { AuthOptions, UserFieldsOf, UserFieldsSchema } from './options.js'
import { resolveDeps } from './resolve-config.js'

/**
 * Creates an auth instance: the trusted server API (`auth.api`), the HTTP handler
 * (`auth.handler`) and the authentication chain (`auth.authenticate`). Options are validated
 * once, here; a problem is a {@link ConfigError} at startup, never a surprise on a request.
 *
 * @example
 * ```ts
 * import { createAuth } from '@portcullis/core'
 * import { createMemoryStorage } from '@portcullis/memory'
 * import { z } from 'zod'
 *
 * const auth = createAuth({
 *   storage: createMemoryStorage(),
 *   origins: 'https://app.example.com',
 *   secret: process.env.AUTH_SECRET,
 *   user: { fields: z.object({ displayName: z.string().max(80) }) },
 * })
 * const user = await auth.api.createUser({ email: 'ada@example.com', password, fields: { displayName: 'Ada' } })
 * user.displayName // string
 * ```
 * @throws {ConfigError} listing every invalid option.
 */
export function createAuth<
  S extends UserFieldsSchema = z.$ZodObject<Record<never, never>, z.$strip> & UserFieldsSchema,
>(options: AuthOptions<S>): Auth<UserFieldsOf<S>> {
  type F = UserFieldsOf<S>
  const deps = resolveDeps(options)
  const accessTokens = accessTokenStrategy(deps)
  const strategies: AuthStrategy<F>[] = [
    sessionCookieStrategy(deps) as AuthStrategy<F>,
    ...(accessTokens ? [accessTokens as AuthStrategy<F>] : []),
    apiKeyStrategy(deps) as AuthStrategy<F>,
    ...((options.strategies ?? []) as readonly AuthStrategy<F>[]),
  ]
  const authenticate = createAuthChain<F>(strategies)
  const handler = createHandler(deps, authenticate as Parameters<typeof createHandler>[1])
  return Object.freeze({
    handler,
    authenticate,
    api: createApi<F>(deps),
    cookies: Object.freeze({
      sessionCookieName: deps.config.session.cookieName,
      session: (token: string) => sessionCookie(deps.config, token),
      clearSession: () => clearSessionCookie(deps.config),
    }),
    basePath: deps.config.basePath,
    origins: deps.config.origins,
  })
}
