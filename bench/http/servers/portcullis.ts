/**
 * Child process of the HTTP benchmark: Portcullis on Hono and @hono/node-server, memory
 * store, mounted with `mountAuth` exactly as `examples/hono-node` does. Prints
 * `READY <url>` once it listens on a free port of 127.0.0.1.
 */
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createAuth } from '@portcullis/core'
import { mountAuth } from '@portcullis/hono'
import { createMemoryStorage } from '@portcullis/memory'
import { Hono } from 'hono'
import { benchOrigin, benchSecret } from './settings.js'

const auth = createAuth({
  storage: createMemoryStorage(),
  origins: benchOrigin,
  // An http origin is only accepted in development mode; nothing on the /me path depends on it.
  mode: 'development',
  secret: benchSecret,
  logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
})

const app = new Hono()
mountAuth(app, auth, { getConnInfo })

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`READY http://127.0.0.1:${info.port}`)
})
process.on('SIGTERM', () => process.exit(0))
