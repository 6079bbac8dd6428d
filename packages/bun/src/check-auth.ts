import type { Auth } from '@portcullis/core'

/**
 * Throws when `auth` is not what `createAuth` returned (a common mix-up: passing the options, or
 * `auth.handler`), at construction rather than on the first request.
 *
 * @param name - The function checking, for the message.
 * @param auth - The value to check.
 * @throws {TypeError} When `auth` has no `handler` or `authenticate` function.
 * @example
 * checkAuth('authRoutes', auth)
 */
export function checkAuth(name: string, auth: Auth<object>): void {
  if (!auth || typeof auth.handler !== 'function' || typeof auth.authenticate !== 'function') {
    throw new TypeError(`${name}: "auth" must be the object createAuth() returned`)
  }
}
