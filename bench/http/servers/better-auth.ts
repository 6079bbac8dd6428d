/**
 * Child process of the HTTP benchmark: better-auth on Hono and @hono/node-server, configured
 * like the Portcullis server: email + password, the store named by BENCH_STORE (its memory
 * adapter, or its drizzle adapter on PGlite or PostgreSQL), sessions in the database,
 * cookie cache off (every request reads the session store), rate limiter off. Mounted the same
 * way (`app.all(basePath/*)` → `auth.handler(c.req.raw)`). Prints `READY <url>`.
 */
import { serve } from '@hono/node-server'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { Hono } from 'hono'
import { benchStore, openDatabase } from './database.js'
import { benchOrigin, benchSecret } from './settings.js'

const store = benchStore()
async function database() {
  if (store === 'memory') return memoryAdapter({ user: [], session: [], account: [], verification: [] })
  const [{ drizzleAdapter }, { account, betterAuthDdl, session, user, verification }] = await Promise.all([
    import('better-auth/adapters/drizzle'),
    import('./better-auth-schema.js'),
  ])
  const { db, exec } = await openDatabase(store, 'bench_better_auth')
  for (const statement of betterAuthDdl) await exec(statement)
  return drizzleAdapter(db, { provider: 'pg', schema: { user, session, account, verification } })
}

const auth = betterAuth({
  secret: benchSecret,
  baseURL: benchOrigin,
  basePath: '/api/auth',
  trustedOrigins: [benchOrigin],
  database: await database(),
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
