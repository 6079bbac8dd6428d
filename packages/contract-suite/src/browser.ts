/** A running server the suite talks to. */
export interface ContractTarget {
  /** Where the server listens, e.g. `http://127.0.0.1:4123`. */
  baseUrl: string
  /** The trusted origin the server was configured with (its APP_ORIGIN), e.g. `http://localhost:4123`. */
  origin: string
  /** Stops the server. */
  close(): void | Promise<void>
}

/** An answer, read once: status, headers and the body as text and (when JSON) parsed. */
export interface Answer {
  status: number
  headers: Headers
  text: string
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  json: any
}

/** Options of one request. */
export interface RequestOptions {
  /** Extra headers (an `authorization`, say). */
  headers?: Record<string, string>
  /** The `Origin` header: the target's origin by default, `null` to send none. */
  origin?: string | null
  /** A raw body sent as is, instead of JSON. */
  rawBody?: string
  /** `Content-Type` of a raw body. */
  contentType?: string
  /** Send no cookies. */
  noCookies?: boolean
}

interface StoredCookie {
  value: string
  path: string
}

/**
 * A browser stand-in: sends requests from the trusted origin and keeps the cookies the server
 * sets (name, value and path; an empty value or `Max-Age=0` deletes), as a browser would for an
 * http origin. One per simulated user agent.
 */
export class Browser {
  readonly #target: ContractTarget
  readonly #basePath: string
  readonly #cookies = new Map<string, StoredCookie>()

  constructor(target: ContractTarget, basePath: string) {
    this.#target = target
    this.#basePath = basePath
  }

  /** Sends `method` to `<basePath><path>` with a JSON body when `body` is given. */
  async request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Answer> {
    const fullPath = `${this.#basePath}${path}`
    const headers = new Headers(options.headers)
    const origin = options.origin === undefined ? this.#target.origin : options.origin
    if (origin !== null) headers.set('origin', origin)
    let payload: string | undefined
    if (options.rawBody !== undefined) {
      payload = options.rawBody
      headers.set('content-type', options.contentType ?? 'application/json')
    } else if (body !== undefined) {
      payload = JSON.stringify(body)
      headers.set('content-type', 'application/json')
    }
    const cookie = options.noCookies ? '' : this.cookieHeader(fullPath)
    if (cookie) headers.set('cookie', cookie)
    const response = await fetch(`${this.#target.baseUrl}${fullPath}`, {
      method,
      headers,
      redirect: 'manual',
      ...(payload !== undefined ? { body: payload } : {}),
    })
    this.#store(response.headers.getSetCookie())
    const text = await response.text()
    let json: unknown = null
    if ((response.headers.get('content-type') ?? '').includes('json') && text) json = JSON.parse(text)
    return { status: response.status, headers: response.headers, text, json }
  }

  /** The `Cookie` header this browser would send to `path`. */
  cookieHeader(path: string): string {
    return [...this.#cookies]
      .filter(([, cookie]) => path.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ')
  }

  /** Names of the cookies held. */
  cookieNames(): string[] {
    return [...this.#cookies.keys()]
  }

  /** Forgets every cookie (a new private window). */
  clearCookies(): void {
    this.#cookies.clear()
  }

  #store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1)
      if (value === '' || attribute('max-age') === '0') this.#cookies.delete(name)
      else this.#cookies.set(name, { value, path: attribute('path') ?? '/' })
    }
  }
}
