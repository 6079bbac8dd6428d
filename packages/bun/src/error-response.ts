/**
 * Answers with the Portcullis error envelope `{"error": {"code", "message"}}`, uncacheable.
 *
 * @param status - 401 or 403.
 * @param code - The stable snake_case code.
 * @param message - A generic, human-readable message.
 * @returns The JSON response.
 * @example
 * return errorResponse(401, 'unauthenticated', 'authentication required')
 */
export function errorResponse(
  status: 401 | 403,
  code: 'unauthenticated' | 'forbidden',
  message: string,
): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } })
}
