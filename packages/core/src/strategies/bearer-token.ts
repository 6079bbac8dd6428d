/** Longest `Authorization` value looked at; anything longer is no credential of ours. */
const MAX_AUTHORIZATION_LENGTH = 8192

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, one space or
 * more), or null. Never throws, whatever the header holds.
 */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (!header || header.length > MAX_AUTHORIZATION_LENGTH) return null
  const match = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim())
  return match ? match[1]! : null
}
