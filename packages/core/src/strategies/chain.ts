import type { AuthStrategy, Principal, RequestContext } from '../auth/types.js'

/**
 * Runs strategies in order and returns the first principal; null when none recognises the
 * request. A strategy that throws denies the request (fail closed): the error propagates.
 */
export function createAuthChain<F extends object>(strategies: readonly AuthStrategy<F>[]) {
  return async function authenticate(
    request: Request,
    context: RequestContext = {},
  ): Promise<Principal<F> | null> {
    for (const strategy of strategies) {
      const principal = await strategy.authenticate(request, context)
      if (principal) return principal
    }
    return null
  }
}
