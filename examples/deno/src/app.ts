import type { Auth } from '@portcullis/core'

/** What `Deno.serve` passes next to the request (the part this app reads). */
export interface ServeInfo {
  remoteAddr: { hostname: string }
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

/**
 * The example's fetch handler: the Portcullis contract under `auth.basePath` (`/auth`), a small
 * JSON index at `/`, and a JSON 404 elsewhere. The client IP (for rate limits) is the socket's
 * peer address; behind a reverse proxy, resolve it from the proxy's header instead.
 *
 * @param auth - The instance `createAuth` returned.
 * @returns A handler for `Deno.serve`.
 * @example
 * Deno.serve({ port: 8787 }, createHandler(auth))
 */
export function createHandler(auth: Auth<object>): (request: Request, info: ServeInfo) => Promise<Response> {
  const base = auth.basePath
  return async (request, info) => {
    const { pathname } = new URL(request.url)
    if (pathname === base || pathname.startsWith(`${base}/`)) {
      return auth.handler(request, { clientIp: info.remoteAddr.hostname })
    }
    if (pathname === '/' && request.method === 'GET') {
      return json(200, {
        name: 'Portcullis example (Deno)',
        runtime: `Deno ${Deno.version.deno}`,
        contract: `${base}/*`,
        note: 'send Origin and Content-Type: application/json on POST/PATCH/DELETE',
      })
    }
    return json(404, { error: { code: 'not_found', message: 'not found' } })
  }
}
