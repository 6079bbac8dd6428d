/**
 * Normalises a request path for route guards (SECURITY.md BF-3): percent-decoded, runs of `/`
 * collapsed, `.` and `..` resolved (never above the root), trailing `/` dropped, lower-cased.
 * Lower-casing and decoding only ever make a guard match more paths, never fewer: `/Dashboard`,
 * `//dashboard/` and `/%64ashboard` are all `/dashboard`. A path that does not decode is null.
 *
 * @param path - The URL's pathname as received.
 * @returns The normalised path, always starting with `/`, or null.
 * @example
 * normalizePath('//Dashboard/./settings/') // '/dashboard/settings'
 */
export function normalizePath(path: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return null
  }
  const segments: string[] = []
  for (const segment of decoded.replaceAll('\\', '/').split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  return `/${segments.join('/')}`.toLowerCase()
}

/**
 * Builds a predicate over normalised paths from patterns: a string is an exact path, or a
 * prefix when it ends in `/*` (`'/dashboard/*'` matches `/dashboard` and everything below); a
 * RegExp is tested against the normalised (lower-case) path.
 *
 * @param patterns - The patterns.
 * @param caller - The public function's name, for error messages.
 * @returns `(normalisedPath) => boolean`.
 * @throws {TypeError} On a string pattern that does not start with `/`.
 * @example
 * createPathMatcher(['/dashboard/*'], 'createAuthProxy')('/dashboard/settings') // true
 */
export function createPathMatcher(
  patterns: readonly (string | RegExp)[],
  caller: string,
): (path: string) => boolean {
  const matchers = patterns.map((pattern): ((path: string) => boolean) => {
    if (pattern instanceof RegExp) {
      // A global or sticky RegExp keeps state between calls; a guard must answer the same every time.
      const regexp = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
      return (path) => regexp.test(path)
    }
    if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
      throw new TypeError(`${caller}: path ${JSON.stringify(pattern)} must be a RegExp or start with "/"`)
    }
    if (pattern.endsWith('/*')) {
      const base = normalizePath(pattern.slice(0, -2)) ?? '/'
      const below = base === '/' ? '/' : `${base}/`
      return (path) => path === base || path.startsWith(below)
    }
    const exact = normalizePath(pattern)
    return (path) => path === exact
  })
  return (path) => matchers.some((match) => match(path))
}
