import type { Context } from 'hono'

/**
 * Answers with the Portcullis error envelope `{"error": {"code", "message"}}`, uncacheable.
 *
 * @param c - The Hono context.
 * @param status - 401 or 403.
 * @param code - The stable snake_case code.
 * @param message - A generic, human-readable message.
 * @returns The JSON response.
 * @example
 * return errorResponse(c, 401, 'unauthenticated', 'authentication required')
 */
export function errorResponse(
  c: Context,
  status: 401 | 403,
  code: 'unauthenticated' | 'forbidden',
  message: string,
): Response {
  return c.json({ error: { code, message } }, status, { 'Cache-Control': 'no-store' })
}
