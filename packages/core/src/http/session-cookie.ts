import type { ResolvedConfig } from '../config/resolve-config.js'
import { serializeCookie } from './cookies.js'

/** `Set-Cookie` carrying a session token: HttpOnly, SameSite, Path=/, Secure + `__Host-` when https. */
export function sessionCookie(config: ResolvedConfig, token: string): string {
  return serializeCookie(config.session.cookieName, token, {
    secure: config.secureCookies,
    httpOnly: true,
    sameSite: config.session.sameSite,
    path: '/',
  })
}

/** `Set-Cookie` that clears the session cookie (same name and attributes, `Max-Age=0`). */
export function clearSessionCookie(config: ResolvedConfig): string {
  return serializeCookie(config.session.cookieName, '', {
    secure: config.secureCookies,
    httpOnly: true,
    sameSite: config.session.sameSite,
    path: '/',
    maxAge: 0,
  })
}
