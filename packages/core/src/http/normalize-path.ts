/**
 * Normalises a URL path for routing and guards: percent-decoded per segment, empty segments
 * (`//`) and a trailing slash removed, so `/auth//login/` and `/auth/%6Cogin` are `/auth/login`
 * (better-auth GHSA-x732-6j76-qmhm). Null when a segment does not decode or is a dot segment.
 */
export function normalizePath(pathname: string): string | null {
  const segments: string[] = []
  for (const raw of pathname.split('/')) {
    if (raw === '') continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (segment === '.' || segment === '..' || segment.includes('/')) return null
    segments.push(segment)
  }
  return `/${segments.join('/')}`
}
