import { ConfigError } from '@portcullis/core'
import { getAuth } from './auth.js'
import { type Env, WorkerConfigError } from './env.js'

/**
 * The Worker: the Portcullis contract under `/auth`, `GET /` a short JSON index. The auth
 * instance is built from `env` on the isolate's first request (see `getAuth`), never at module
 * scope. The client IP is Cloudflare's `CF-Connecting-IP`, which the edge sets itself.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === '/' && request.method === 'GET')
      return Response.json({
        name: 'Portcullis example (Cloudflare Worker)',
        contract: '/auth',
        storage: env.DB ? 'D1' : 'memory (per isolate)',
      })
    if (url.pathname !== '/auth' && !url.pathname.startsWith('/auth/'))
      return Response.json({ error: { code: 'not_found', message: 'not found' } }, { status: 404 })
    let auth: Awaited<ReturnType<typeof getAuth>>
    try {
      auth = await getAuth(env)
    } catch (error) {
      return startupFailure(error)
    }
    return auth.handler(request, {
      clientIp: request.headers.get('cf-connecting-ip') ?? undefined,
      waitUntil: (promise) => ctx.waitUntil(promise),
    })
  },
} satisfies ExportedHandler<Env>

/** A configuration or storage problem: logged in full, answered as a 500 without details. */
function startupFailure(error: unknown): Response {
  const known = error instanceof WorkerConfigError || error instanceof ConfigError
  console.error(known ? (error as Error).message : 'cannot build the auth instance:', known ? '' : error)
  return Response.json(
    { error: { code: 'internal_error', message: 'the server is misconfigured' } },
    { status: 500, headers: { 'cache-control': 'no-store' } },
  )
}
