import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Logger, Mailer } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import { createApp, type ExampleApp } from '../src/app.js'

/** The trusted origin the tests use, as APP_ORIGIN would be. */
export const APP_ORIGIN = 'http://localhost:8787'

/** Core's warnings, kept instead of printed. */
export const quietLogger = (): Logger & { warnings: string[] } => {
  const warnings: string[] = []
  return {
    warnings,
    warn: (message) => warnings.push(message),
    error: (message, error) => console.error(message, error),
  }
}

/** A running example app on a real socket. */
export interface RunningApp extends ExampleApp {
  url: string
  close(): Promise<void>
}

/** Starts the example app in-process with @hono/node-server on a free port of 127.0.0.1. */
export async function startApp(options: { mailer?: Mailer } = {}): Promise<RunningApp> {
  const example = createApp({
    mailer: options.mailer,
    origin: APP_ORIGIN,
    mode: 'development',
    storage: createMemoryStorage(),
    getConnInfo,
    logger: quietLogger(),
  })
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: example.app.fetch, port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) => {
        resolve({
          ...example,
          url: `http://127.0.0.1:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()))
              if ('closeAllConnections' in server) server.closeAllConnections()
            }),
        })
      },
    )
    server.once('error', reject)
  })
}

/** A tiny cookie jar for one client: keeps `name=value` from `Set-Cookie`, drops cleared cookies. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  /** Stores the cookies a response sets. */
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      if (value === '' || /max-age=0/i.test(line)) this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }

  /** The `Cookie` header value. */
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  get size(): number {
    return this.#cookies.size
  }
}

/** A client of the running app that sends the trusted Origin and keeps its cookies. */
export function client(url: string, jar = new CookieJar()) {
  const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { Origin: APP_ORIGIN }
    if (jar.size > 0) headers.Cookie = jar.header()
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    jar.take(response)
    return response
  }
  return { jar, send }
}
