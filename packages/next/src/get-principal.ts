import type { Principal } from '@portcullis/core'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { createClientIpResolver } from './client-ip.js'
import { authResolver } from './resolve-auth.js'
import type { AuthSource, ClientIpOptions } from './types.js'

/**
 * Who made the current request, for server components, server actions and route handlers:
 * reads the incoming headers with `next/headers` (`await headers()`, async since Next 15), builds
 * a `Request` carrying them and runs `auth.authenticate` (session cookie, bearer access token,
 * API key). Call it where the data is read: this is the authorization, the proxy is only a gate
 * (SECURITY.md IN-5). Each call authenticates again; call it once per render and pass the
 * principal down, or wrap it in React's `cache`.
 *
 * @typeParam F - The custom user fields.
 * @param auth - What `createAuth` returned, or a function returning it ({@link AuthSource}).
 * @param options - How to find the client IP ({@link ClientIpOptions}).
 * @returns The principal, or null.
 * @throws {Error} Outside a request scope (Next's `headers()` throws), or when core does
 * (storage down): never a silent null.
 * @example
 * // app/dashboard/page.tsx
 * const principal = await getPrincipal(getAuth)
 * if (!principal) redirect('/login')
 */
export async function getPrincipal<F extends object>(
  auth: AuthSource<F>,
  options: ClientIpOptions = {},
): Promise<Principal<F> | null> {
  const getAuth = authResolver(auth, 'getPrincipal')
  const clientIp = createClientIpResolver(options)
  const incoming = await headers()
  const instance = await getAuth()
  const origin = instance.origins[0] ?? 'http://localhost'
  const request = new Request(new URL('/', origin), { headers: new Headers(incoming) })
  return instance.authenticate(request, { clientIp: clientIp(request) })
}

/** Options of {@link requirePrincipal}. */
export interface RequirePrincipalOptions extends ClientIpOptions {
  /** A local path to send a request without a principal to (Next's `redirect`, 307). */
  redirectTo: string
}

/**
 * {@link getPrincipal}, redirecting when there is no principal: in a server component or route
 * handler the code after it only runs for an authenticated user.
 *
 * @typeParam F - The custom user fields.
 * @param auth - What `createAuth` returned, or a function returning it.
 * @param options - `redirectTo` and the client-IP options.
 * @returns The principal (never null).
 * @throws Next's redirect signal when unauthenticated (let it propagate), and what
 * {@link getPrincipal} throws.
 * @example
 * const { user } = await requirePrincipal(getAuth, { redirectTo: '/login?next=/dashboard' })
 */
export async function requirePrincipal<F extends object>(
  auth: AuthSource<F>,
  options: RequirePrincipalOptions,
): Promise<Principal<F>> {
  const to = options?.redirectTo
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.includes('\\')) {
    throw new TypeError('requirePrincipal: "redirectTo" must be a path starting with "/"')
  }
  const principal = await getPrincipal(auth, options)
  if (!principal) redirect(to)
  return principal
}
