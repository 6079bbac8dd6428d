import type { Response } from 'express'

/**
 * Answers with the Portcullis error envelope `{"error": {"code", "message"}}`, uncacheable.
 *
 * @param res - The Express response.
 * @param status - 401 or 403.
 * @param code - The stable snake_case code.
 * @param message - A generic, human-readable message.
 * @example
 * errorResponse(res, 401, 'unauthenticated', 'authentication required')
 */
export function errorResponse(
  res: Response,
  status: 401 | 403,
  code: 'unauthenticated' | 'forbidden',
  message: string,
): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error: { code, message } })
}
