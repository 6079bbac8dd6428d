function segments(path: string): string[] {
  const out: string[] = []
  for (const raw of path.split('/')) {
    if (raw === '') continue
    try {
      out.push(decodeURIComponent(raw))
    } catch {
      out.push(raw)
    }
  }
  return out
}

/**
 * Builds the test that tells whether a request path belongs to core's routes under `basePath`,
 * comparing whole segments the way core's router does (empty segments dropped, each segment
 * percent-decoded), so `/auth//login` and `/%61uth/login` go to core like `/auth/login`, and
 * `/authors` does not. Core then answers 404 for what it does not serve.
 *
 * @param basePath - `auth.basePath`, e.g. `/auth`, or `''` (every path).
 * @returns `(pathname) => boolean`.
 * @example
 * const isAuthPath = createAuthPathMatcher('/auth')
 * isAuthPath('/auth/login') // true
 * isAuthPath('/authors') // false
 */
export function createAuthPathMatcher(basePath: string): (pathname: string) => boolean {
  const base = segments(basePath)
  return function isAuthPath(pathname: string): boolean {
    const path = segments(pathname)
    if (path.length < base.length) return false
    return base.every((segment, i) => path[i] === segment)
  }
}
