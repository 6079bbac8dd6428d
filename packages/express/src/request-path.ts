/**
 * The path of a request target as Express routes it: from `req.originalUrl` (the full path,
 * whatever the mount point), query dropped, not decoded, dot segments and repeated slashes
 * kept (Express does not resolve them either), one trailing `/` dropped (Express's default
 * non-strict routing sends `/a/` to `/a`).
 *
 * @param target - `req.originalUrl`.
 * @returns The path, starting with `/` (or the target itself when it does not).
 * @example
 * routedPath('/api/health/?x=1') // '/api/health'
 */
export function routedPath(target: string): string {
  const query = target.indexOf('?')
  const path = query === -1 ? target : target.slice(0, query)
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}
