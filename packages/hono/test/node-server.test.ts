import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createAuth } from '@portcullis/core'
import { createFakeAuth } from '@portcullis/core/testing'
import { createMemoryStorage } from '@portcullis/memory'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { mountAuth } from '../src/auth-handler.js'
import type { ClientIpOptions } from '../src/types.js'

const ORIGIN = 'http://localhost:8787'

/** Serves `app` on a free port of 127.0.0.1 for the duration of `run`. */
async function withServer(app: Hono, run: (url: string) => Promise<void>): Promise<void> {
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ server, port: info.port }),
      )
      server.once('error', reject)
    },
  )
  try {
    await run(`http://127.0.0.1:${port}`)
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      if ('closeAllConnections' in server) server.closeAllConnections()
    })
  }
}

function realApp(options: ClientIpOptions, loginPerIp = { max: 50, windowSeconds: 900 }): Hono {
  const auth = createAuth({
    storage: createMemoryStorage(),
    origins: ORIGIN,
    mode: 'development',
    secret: 'a node-server test secret of enough length',
    logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
    rateLimit: { loginPerIp },
  })
  const app = new Hono()
  mountAuth(app, auth, options)
  return app
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  })

async function sessionIp(url: string, headers: Record<string, string> = {}): Promise<string | null> {
  const registered = await post(
    `${url}/auth/register`,
    { email: 'ip@example.com', password: 'long enough passphrase here' },
    headers,
  )
  expect(registered.status).toBe(201)
  const cookie = registered.headers.getSetCookie()[0]!.split(';')[0]!
  const sessions = (await (await fetch(`${url}/auth/sessions`, { headers: { Cookie: cookie } })).json()) as {
    sessions: { ip: string | null }[]
  }
  return sessions.sessions[0]?.ip ?? null
}

describe('over a real socket with @hono/node-server', () => {
  it('hands the socket address from getConnInfo to core', async () => {
    const auth = createFakeAuth()
    const app = new Hono()
    mountAuth(app, auth, { getConnInfo })
    await withServer(app, async (url) => {
      const response = await fetch(`${url}/auth/me`, { headers: { 'X-Forwarded-For': '203.0.113.1' } })
      expect(((await response.json()) as { clientIp: string }).clientIp).toBe('127.0.0.1')
    })
  })

  it('records the socket address on the session, ignoring X-Forwarded-For without trusted proxies', async () => {
    await withServer(realApp({ getConnInfo }), async (url) => {
      expect(await sessionIp(url, { 'X-Forwarded-For': '203.0.113.1' })).toBe('127.0.0.1')
    })
  })

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    await withServer(realApp({ getConnInfo, trustedProxies: ['127.0.0.0/8', '::1'] }), async (url) => {
      expect(await sessionIp(url, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' })).toBe('203.0.113.9')
    })
  })

  it('keeps the per-IP login limit when X-Forwarded-For rotates (BF-2)', async () => {
    await withServer(realApp({ getConnInfo }, { max: 3, windowSeconds: 600 }), async (url) => {
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const response = await post(
          `${url}/auth/login`,
          { email: `nobody${i}@example.com`, password: 'wrong but long passphrase' },
          { 'X-Forwarded-For': `203.0.113.${i + 1}` },
        )
        statuses.push(response.status)
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401])
      expect(statuses.slice(3)).toEqual([429, 429])
    })
  })
})
