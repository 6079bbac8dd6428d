import type { Auth } from '@portcullis/core'
import type { AuthSource } from './types.js'

/**
 * Checks an {@link AuthSource} once and returns how to get the instance per request.
 *
 * @param source - An auth instance or a function returning one.
 * @param caller - The public function's name, for error messages.
 * @returns `() => Promise<Auth<F>>`.
 * @throws {TypeError} When `source` is neither.
 */
export function authResolver<F extends object>(
  source: AuthSource<F>,
  caller: string,
): () => Promise<Auth<F>> {
  if (typeof source === 'function') {
    return async () => {
      const auth = await source()
      if (!isAuth(auth))
        throw new TypeError(`${caller}: the auth function must return what createAuth() returned`)
      return auth
    }
  }
  if (!isAuth(source))
    throw new TypeError(`${caller}: "auth" must be what createAuth() returned, or a function returning it`)
  const resolved = Promise.resolve(source)
  return () => resolved
}

function isAuth<F extends object>(value: unknown): value is Auth<F> {
  const auth = value as Partial<Auth<F>> | null | undefined
  return (
    typeof auth === 'object' &&
    auth !== null &&
    typeof auth.handler === 'function' &&
    typeof auth.authenticate === 'function'
  )
}
