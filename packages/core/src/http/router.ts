import { MethodNotAllowedError } from '../errors/errors.js'
import type { Route } from './route.js'

/** A matched route with its path parameters. */
export interface RouteMatch {
  route: Route
  params: Record<string, string>
}

/**
 * Builds a matcher over `routes`. A path with routes but none for the method raises 405 with
 * `Allow` (so `GET /logout` never changes state, CSRF-3); an unknown path gives null.
 */
export function createRouter(routes: readonly Route[]) {
  const compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }))
  return function match(method: string, path: string): RouteMatch | null {
    const parts = path.split('/').filter(Boolean)
    const allowed: string[] = []
    for (const { route, segments } of compiled) {
      const params = matchSegments(segments, parts)
      if (!params) continue
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params }
      allowed.push(route.method)
    }
    if (allowed.length > 0) throw new MethodNotAllowedError([...new Set(allowed)])
    return null
  }
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!
    const actual = parts[i]!
    if (expected.startsWith(':')) params[expected.slice(1)] = actual
    else if (expected !== actual) return null
  }
  return params
}
