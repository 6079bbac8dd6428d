import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'

/** Methods the Fetch API refuses to put in a `Request`. */
const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK'])
const PLAIN_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/
/** Headers that describe the bytes on the wire, wrong once a parser has replaced them by `req.body`. */
const WIRE_HEADERS = ['content-length', 'transfer-encoding', 'content-encoding'] as const

/** What the bridge reads of Node's request; Express adds `originalUrl` and body parsers `body`. */
export interface NodeRequest extends IncomingMessage {
  originalUrl?: string
  body?: unknown
  /** Set by body-parser 1.x once it has read the stream. */
  _body?: boolean
}

/** Options of {@link toRequest}. */
export interface ToRequestOptions {
  /** Scheme and host of the URL (`https://app.example.com`); unset: from `Host`, else localhost. */
  origin?: string | undefined
  /**
   * Whether to carry the body. `false` builds a headers-only request (to authenticate it)
   * and leaves the stream untouched for the route.
   * @default true
   */
  body?: boolean | undefined
}

/**
 * Checks and normalises the `origin` option once: an `http:` or `https:` URL, reduced to its
 * origin.
 *
 * @param origin - The option as given.
 * @returns The origin (`https://app.example.com`), or undefined when not given.
 * @throws {TypeError} When it is not an http(s) URL.
 */
export function checkOrigin(origin: unknown): string | undefined {
  if (origin === undefined) return undefined
  let url: URL | undefined
  try {
    url = typeof origin === 'string' ? new URL(origin) : undefined
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError('@portcullis/express: "origin" must be an http: or https: URL')
  }
  return url.origin
}

/**
 * Whether a body parser (`express.json()`, `express.text()`, `express.raw()`…) has already
 * read the request stream. Parsers of body-parser 2 leave `req.body` and a finished stream,
 * body-parser 1 sets `req._body`.
 */
export function bodyWasRead(req: NodeRequest): boolean {
  return req._body === true || req.readableEnded || (req.complete && !req.readable)
}

/** Whether the request announces a body (`Transfer-Encoding`, or a `Content-Length`), as type-is does. */
function announcesBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true
  const length = req.headers['content-length']
  return length !== undefined && length !== '0'
}

/** The request target as a path and query: origin-form as is, absolute-form reduced, else `/`. */
function pathAndQuery(target: string): string {
  if (target.startsWith('/')) return target
  try {
    const url = new URL(target)
    return `${url.pathname}${url.search}`
  } catch {
    return '/'
  }
}

/** How to let go of each request body the bridge streams (see {@link releaseBody}). */
const releasers = new WeakMap<IncomingMessage, () => Promise<void>>()

/**
 * Streams Node's request body as a web stream, pulled on demand (backpressure). Nothing touches
 * `req` before core's first read, so a body core never reads is left to Node, which discards it
 * after the response. Cancelling it (core stops at its body limit and answers 413) leaves the
 * socket alone and drains what is left, so the response reaches the client and the connection
 * stays usable.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let chunks: AsyncIterableIterator<Buffer | string> | undefined
  const encoder = new TextEncoder()
  const release = async (): Promise<void> => {
    releasers.delete(req)
    const iterator = chunks
    chunks = undefined
    // The iterator listens for 'readable', which would keep resume() from flowing: detach it first.
    await iterator?.return?.()
    if (iterator && !req.readableEnded) req.resume()
  }
  releasers.set(req, release)
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req.iterator({ destroyOnReturn: false })
        const { done, value } = await chunks.next()
        if (done) {
          releasers.delete(req)
          controller.close()
        } else if (typeof value === 'string') controller.enqueue(encoder.encode(value))
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
      },
      cancel: release,
    },
    // Pull only when core reads: a default high-water mark of 1 would start reading at once.
    { highWaterMark: 0 },
  )
}

/**
 * Lets go of the body stream {@link toRequest} made for `req`, once the response is sent: a
 * body core started reading but did not finish is drained, so that the next request on a
 * keep-alive connection is read. Does nothing when core read it all, never read it (Node
 * discards it), or when there was no stream.
 *
 * @param req - The request given to {@link toRequest}.
 * @returns Resolves once released.
 * @example
 * await sendResponse(res, await auth.handler(toRequest(req)!))
 * await releaseBody(req)
 */
export async function releaseBody(req: IncomingMessage): Promise<void> {
  await releasers.get(req)?.()
}

/** The bytes of a body a parser already turned into `req.body`. */
function serialiseParsedBody(body: unknown): Uint8Array<ArrayBuffer> {
  if (body instanceof Uint8Array) return new Uint8Array(body)
  if (typeof body === 'string') return new TextEncoder().encode(body)
  return new TextEncoder().encode(JSON.stringify(body) ?? '')
}

/**
 * Turns Node's request (as Express hands it over) into a Fetch `Request` for core:
 *
 * - method as is; URL from `origin` (or `Host`, only for its shape) and `req.originalUrl`, so
 *   the path is the full one even under a mount point;
 * - every header, repeated ones appended one by one (HTTP/2 pseudo-headers dropped);
 * - no body for GET and HEAD; the stream itself when nothing read it (streamed, never
 *   buffered here); when a body parser already read it, `req.body` serialised again (JSON for
 *   objects, bytes for `express.raw()`, text for `express.text()`) with the original
 *   `Content-Type`, a matching `Content-Length`, and no `Content-Encoding`.
 *
 * @param req - Node's request, with Express's `originalUrl` and a parser's `body` if any.
 * @param options - `origin` (already checked with {@link checkOrigin}) and `body`.
 * @returns The request, or null for a method the Fetch API cannot carry (CONNECT, TRACE, TRACK).
 * @throws {Error} When a middleware read the body stream but left no `req.body`.
 * @example
 * app.use(async (req, res) => sendResponse(res, await fetchHandler(toRequest(req)!)))
 */
export function toRequest(req: NodeRequest, options: ToRequestOptions = {}): Request | null {
  const method = req.method ?? 'GET'
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) return null

  const host = req.headers.host
  const scheme = (req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http'
  const base = options.origin ?? `${scheme}://${host && PLAIN_HOST.test(host) ? host : 'localhost'}`
  let url: URL
  try {
    url = new URL(`${base}${pathAndQuery(req.originalUrl ?? req.url ?? '/')}`)
  } catch {
    url = new URL(`${base}/`)
  }

  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.startsWith(':')) continue
    try {
      headers.append(name, raw[i + 1]!)
    } catch {
      // A value the Fetch API refuses (Node's parser lets few through): dropped, like a proxy would.
    }
  }

  const init: RequestInit & { duplex?: 'half' } = { method, headers }
  if (options.body !== false && method !== 'GET' && method !== 'HEAD') {
    if (bodyWasRead(req)) {
      if (req.body === undefined) {
        throw new Error(
          '@portcullis/express: the request body was read before the auth handler but left no req.body; mount body-consuming middleware after the auth routes',
        )
      }
      const bytes = serialiseParsedBody(req.body)
      for (const name of WIRE_HEADERS) headers.delete(name)
      headers.set('content-length', String(bytes.byteLength))
      init.body = bytes
    } else if (announcesBody(req)) {
      init.body = bodyStream(req)
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}
