import {
  MethodNotAllowedError,
  type PortcullisError,
  ServerBusyError,
  TooManyAttemptsError,
} from '../errors/errors.js'

/** Headers on every response of the handler: never cached (CK-6), and the CSRF decision varies. */
function baseHeaders(): Headers {
  return new Headers({
    'cache-control': 'no-store',
    vary: 'Origin, Sec-Fetch-Site, Cookie',
    'x-content-type-options': 'nosniff',
  })
}

/** A JSON response with the handler's base headers and any `Set-Cookie` values. */
export function jsonResponse(status: number, body: unknown, cookies: readonly string[] = []): Response {
  const headers = baseHeaders()
  headers.set('content-type', 'application/json; charset=utf-8')
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(JSON.stringify(body), { status, headers })
}

/** An empty response (204 and friends). */
export function emptyResponse(
  status: number,
  cookies: readonly string[] = [],
  extra: Record<string, string> = {},
) {
  const headers = baseHeaders()
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  for (const [name, value] of Object.entries(extra)) headers.set(name, value)
  return new Response(null, { status, headers })
}

/** The error envelope `{"error": {"code", "message", "fields"?}}` with its status and headers. */
export function errorResponse(error: PortcullisError, cookies: readonly string[] = []): Response {
  const body: { code: string; message: string; fields?: Record<string, string> } = {
    code: error.code,
    message: error.message,
  }
  if (error.fields) body.fields = { ...error.fields }
  const response = jsonResponse(error.status, { error: body }, cookies)
  if (error instanceof TooManyAttemptsError || error instanceof ServerBusyError)
    response.headers.set('retry-after', String(error.retryAfterSeconds))
  if (error instanceof TooManyAttemptsError && error.limit !== undefined) {
    // draft-ietf-httpapi-ratelimit-headers: the limit, what is left of it, seconds until reset.
    response.headers.set('ratelimit-limit', String(error.limit))
    response.headers.set('ratelimit-remaining', '0')
    response.headers.set('ratelimit-reset', String(error.retryAfterSeconds))
  }
  if (error instanceof MethodNotAllowedError) response.headers.set('allow', error.allow.join(', '))
  return response
}

/** The 500 envelope: generic, nothing from the underlying error. */
export function internalErrorResponse(): Response {
  return jsonResponse(500, { error: { code: 'internal_error', message: 'internal error' } })
}
