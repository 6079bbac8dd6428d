import { once } from 'node:events'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Auth, createAuth } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import type { Express } from 'express'

/** The origin the test auth instances trust. */
export const ORIGIN = 'http://localhost:8787'
export const PASSWORD = 'a passphrase of sufficient length'

/** An app listening on a free port of `host`, and how to stop it. */
export interface Listening {
  url: string
  server: Server
  close(): Promise<void>
}

/** Starts `app` on a real port (`app.listen(0)`), and resolves once it listens. */
export async function listen(app: Express, host = '127.0.0.1'): Promise<Listening> {
  const server = app.listen(0, host)
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host === '::' ? '::1' : host}]` : host}:${port}`,
    server,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

/** A real auth instance over memory storage, with access tokens (so a login sets two cookies). */
export function testAuth(): Auth<Record<string, unknown>> {
  return createAuth({
    storage: createMemoryStorage(),
    origins: ORIGIN,
    mode: 'development',
    secret: 'an express adapter test secret of enough length',
    jwt: {},
    logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
  })
}

/** A JSON POST from the trusted origin. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  }
}

/** `name=value` of every `Set-Cookie`, for a `Cookie` header. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ')
}
