/**
 * Normalises a request path for route guards (SECURITY.md BF-3): runs of `/` collapse into
 * one, `.` and `..` segments are resolved (never above the root), and a trailing `/` is
 * dropped, so `//admin/`, `/admin//` and `/public/../admin` are all `/admin`. Case is kept, as
 * Hono's router is case-sensitive. Give it the already-decoded path (`c.req.path`).
 *
 * @param path - A decoded request path.
 * @returns The normalised path, always starting with `/`.
 * @example
 * normalizePath('//admin/./users/') // '/admin/users'
 */
export function normalizePath(path: string): string {
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  return `/${segments.join('/')}`
}
