import { getPrincipal } from '@portcullis/next'
import { clientIpOptions, getAuth } from '../../../lib/auth'

/** Any signed-in user (session cookie, bearer access token or API key): 200 {user, method}; else 401. */
export async function GET(): Promise<Response> {
  const principal = await getPrincipal(getAuth, clientIpOptions())
  if (!principal) {
    return Response.json(
      { error: { code: 'unauthenticated', message: 'authentication required' } },
      { status: 401, headers: { 'Cache-Control': 'no-store' } },
    )
  }
  return Response.json(
    { user: principal.user, method: principal.method },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
