import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createAuth } from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import { mountAuth } from '@portcullis/hono'
import { createMemoryStorage } from '@portcullis/memory'
import { Hono } from 'hono'
import { describeHttpContract } from '../src/index.js'

/**
 * The suite against the smallest real server: the Hono adapter on Node with memory storage and
 * access tokens, in this process. The examples run it against their own servers on their runtimes.
 */
describeHttpContract('Hono on Node, in-process', async () => {
  const app = new Hono()
  let origin = ''
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  origin = `http://localhost:${port}`
  const auth = createAuth({
    passkeys: passkeys(),
    storage: createMemoryStorage(),
    origins: origin,
    mode: 'development',
    secret: 'a contract-suite secret of sufficient length',
    jwt: {},
    logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
  })
  mountAuth(app, auth)
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
})
