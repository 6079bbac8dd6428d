/**
 * Child process of the HTTP benchmark: Portcullis on Hono and @hono/node-server, mounted with
 * `mountAuth` exactly as `examples/hono-node` does, on the store named by BENCH_STORE (memory,
 * or `@portcullis/drizzle` on PGlite or PostgreSQL). With BENCH_JWT=1, access tokens are on and
 * `GET /hono-jwt/me` verifies the same tokens with `hono/jwt`. Prints `READY <url>` once it
 * listens on a free port of 127.0.0.1.
 */
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createAuth, type Storage } from '@portcullis/core'
import { mountAuth } from '@portcullis/hono'
import { createMemoryStorage } from '@portcullis/memory'
import { Hono } from 'hono'
import { jwt } from 'hono/jwt'
import { benchStore, openDatabase } from './database.js'
import { benchJwtSecret, benchOrigin, benchSecret } from './settings.js'

// BENCH_JWT=1: access tokens on (HS256), and a `hono/jwt` route on the same app verifying them.
const withJwt = process.env.BENCH_JWT === '1'

const store = benchStore()
async function storage(): Promise<Storage> {
  if (store === 'memory') return createMemoryStorage()
  const { applyPostgresMigrations, createPostgresStorage } = await import('@portcullis/drizzle')
  const { db } = await openDatabase(store, 'bench_portcullis')
  await applyPostgresMigrations(db)
  return createPostgresStorage(db)
}

const auth = createAuth({
  storage: await storage(),
  origins: benchOrigin,
  // An http origin is only accepted in development mode; nothing on the /me path depends on it.
  mode: 'development',
  secret: benchSecret,
  logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
  ...(withJwt ? { jwt: { keys: [{ kid: 'bench', alg: 'HS256' as const, secret: benchJwtSecret }] } } : {}),
})

const app = new Hono()
mountAuth(app, auth, { getConnInfo })
if (withJwt)
  app.get(
    '/hono-jwt/me',
    // The checks Portcullis makes too: algorithm, typ, iss, aud, exp, nbf, iat.
    jwt({
      secret: benchJwtSecret,
      alg: 'HS256',
      verification: { typ: 'at+jwt', iss: benchOrigin, aud: benchOrigin },
    }),
    (c) => c.json({ payload: c.get('jwtPayload') }),
  )

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`READY http://127.0.0.1:${info.port}`)
})
process.on('SIGTERM', () => process.exit(0))
