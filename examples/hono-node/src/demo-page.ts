import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Env, Hono, MiddlewareHandler } from 'hono'

/** `public/` next to `src/` and `dist/`, so the page is found from both. */
const publicDir = fileURLToPath(new URL('../public/', import.meta.url))

/** The page's files: a fixed list, so no request path ever reaches the file system. */
const files: Record<string, string> = {
  '/': 'index.html',
  '/demo.js': 'demo.js',
  '/demo.css': 'demo.css',
}

/**
 * The page runs only its own script and style: no inline code, no third parties, no framing. The
 * QR code is an `<img>` with a `data:` URL (an SVG shown as an image runs no script). Trusted Types
 * make any HTML-string sink (`innerHTML` and the like) throw.
 */
export const DEMO_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ')

const securityHeaders: MiddlewareHandler = async (c, next) => {
  c.header('Content-Security-Policy', DEMO_PAGE_CSP)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Referrer-Policy', 'no-referrer')
  c.header('Cache-Control', 'no-cache')
  await next()
}

/**
 * Serves the demo page (`public/index.html`, `demo.js`, `demo.css`) at `/`: register, log in
 * with a second step, sessions, TOTP, backup codes and passkeys, all through `/auth`.
 *
 * @param app - The example app; the page's routes are added to it.
 */
export function mountDemoPage<E extends Env>(app: Hono<E>): void {
  for (const [route, file] of Object.entries(files)) {
    app.get(route, securityHeaders, serveStatic({ root: publicDir, path: file }))
  }
}
