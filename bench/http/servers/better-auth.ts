/**
 * Child process of the HTTP benchmark: better-auth on Hono and @hono/node-server, configured
 * like the Portcullis server: email + password, its memory adapter, sessions in the database,
 * cookie cache off (every request reads the session store), rate limiter off. Mounted the same
 * way (`app.all(basePath/*)` → `auth.handler(c.req.raw)`). Prints `READY <url>`.
 */
import { serve } from '@hono/node-server'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { Hono } from 'hono'
import { benchOrigin, benchSecret } from './settings.js'

const auth = betterAuth({
  secret: benchSecret,
  baseURL: benchOrigin,
  basePath: '/api/auth',
  trustedOrigins: [benchOrigin],
  database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
  emailAndPassword: { enabled: true },
  session: { cookieCache: { enabled: false } },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
})

const app = new Hono()
app.all('/api/auth/*', (c) => auth.handler(c.req.raw))

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`READY http://127.0.0.1:${info.port}`)
})
process.on('SIGTERM', () => process.exit(0))
