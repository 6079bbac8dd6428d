/** Attributes of a `Set-Cookie` this library emits. */
export interface CookieAttributes {
  secure: boolean
  httpOnly: boolean
  sameSite: 'Lax' | 'Strict'
  path: string
  domain?: string
  /** Seconds; omitted means a session cookie (never persistent unless asked, CK-5). */
  maxAge?: number
}

const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const COOKIE_VALUE = /^[!#$%&'()*+./0-9:<=>?@A-Z[\]^_`a-z{|}~-]*$/

/**
 * Serialises a `Set-Cookie` value. Refuses (TypeError: a caller's bug) what browsers would
 * reject anyway: a `__Host-` cookie without `Secure`, with a `Domain` or with `Path` other
 * than `/`; a `__Secure-` cookie without `Secure` (CK-2).
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  if (!COOKIE_NAME.test(name)) throw new TypeError('invalid cookie name')
  if (!COOKIE_VALUE.test(value)) throw new TypeError('invalid cookie value')
  if (name.startsWith('__Host-')) {
    if (!attributes.secure || attributes.domain !== undefined || attributes.path !== '/')
      throw new TypeError('__Host- cookies need Secure, Path=/ and no Domain')
  }
  if (name.startsWith('__Secure-') && !attributes.secure) throw new TypeError('__Secure- cookies need Secure')
  let cookie = `${name}=${value}; Path=${attributes.path}`
  if (attributes.domain !== undefined) cookie += `; Domain=${attributes.domain}`
  if (attributes.maxAge !== undefined) cookie += `; Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`
  if (attributes.httpOnly) cookie += '; HttpOnly'
  if (attributes.secure) cookie += '; Secure'
  cookie += `; SameSite=${attributes.sameSite}`
  return cookie
}

/**
 * The value of the cookie named exactly `name` in a `Cookie` header, or null. Matching is
 * exact and case-sensitive, so a look-alike (`__host-…`, `__Host-…x`) is ignored (CK-2). When a
 * name appears twice (a cookie tossed in by a sibling domain), null: ambiguous means absent.
 */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null
  let found: string | null = null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    if (part.slice(0, eq).trim() !== name) continue
    if (found !== null) return null
    found = part.slice(eq + 1).trim()
  }
  return found
}
