import { request as httpRequest } from 'node:http'
import { gzipSync } from 'node:zlib'
import express, { type NextFunction, type Request, type Response } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendResponse } from '../src/send-response.js'
import { toRequest } from '../src/to-request.js'
import { type Listening, listen } from './helpers.js'

interface Echo {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

/** Answers with what the bridge made of the request. */
async function echo(req: Request, res: Response, origin?: string): Promise<void> {
  const request = toRequest(req, { origin })!
  const body = request.body === null ? null : await request.text()
  const payload: Echo = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body,
  }
  await sendResponse(res, Response.json(payload))
}

/** A body of three chunks, the second after the first went out. */
function chunked(parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part))
      controller.close()
    },
  })
}

/** Sends a request with exact header lines (fetch would merge repeated headers). */
function rawRequest(
  url: string,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('toRequest and sendResponse on a real Express 5 server', () => {
  let server: Listening

  beforeAll(async () => {
    const app = express()
    app.all('/stream', (req, res) => echo(req, res))
    app.use('/parsed', express.json(), express.text(), express.raw({ type: 'application/octet-stream' }))
    app.all('/parsed', (req, res) => echo(req, res))
    const mounted = express.Router()
    mounted.all('/inner', (req, res) => echo(req, res))
    app.use('/outer', mounted)
    app.use('/configured', (req, res) => echo(req, res, 'https://app.example.com'))
    app.post('/consumed', (req, _res, next) => {
      req.resume()
      req.on('end', () => next())
    })
    app.post('/consumed', (req, res) => echo(req, res))
    app.get('/cookies', (_req, res) => {
      res.cookie('early', '1')
      const headers = new Headers({ 'content-type': 'text/plain', 'x-one': 'a' })
      headers.append('set-cookie', 'first=1; Path=/; HttpOnly')
      headers.append('set-cookie', 'second=2; Path=/auth; HttpOnly')
      return sendResponse(res, new Response('ok', { status: 201, statusText: 'Made', headers }))
    })
    app.get('/chunks', (_req, res) =>
      sendResponse(
        res,
        new Response(chunked(['one ', 'two ', 'three']), { headers: { 'x-streamed': 'yes' } }),
      ),
    )
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ message: error.message })
    })
    server = await listen(app)
  })
  afterAll(() => server.close())

  it('carries method, full URL, and every header; repeated header lines are all kept', async () => {
    const { status, body } = await rawRequest(server.url, '/outer/inner?x=1&y=2', {
      'X-Multi': ['a', 'b'],
      Accept: 'text/plain',
    })
    expect(status).toBe(200)
    const seen = JSON.parse(body) as Echo
    expect(seen.method).toBe('GET')
    expect(seen.url).toBe(`${server.url}/outer/inner?x=1&y=2`)
    expect(seen.headers['x-multi']).toBe('a, b')
    expect(seen.headers.accept).toBe('text/plain')
    expect(seen.body).toBeNull()
  })

  it('takes only the shape of the URL from Host, and the configured origin over Host', async () => {
    const odd = JSON.parse(
      (await rawRequest(server.url, '/stream', { Host: 'evil.example/x?' })).body,
    ) as Echo
    expect(odd.url).toBe('http://localhost/stream')
    const fine = JSON.parse(
      (await rawRequest(server.url, '/stream', { Host: 'api.example.com:8443' })).body,
    ) as Echo
    expect(fine.url).toBe('http://api.example.com:8443/stream')
    // Under a mount point, with the path as sent (Node does not resolve dot segments; URL does).
    const configured = JSON.parse((await rawRequest(server.url, '/configured//a/b?q', {})).body) as Echo
    expect(configured.url).toBe('https://app.example.com/configured//a/b?q')
  })

  it('streams a body nobody parsed, in several chunks, without Content-Length', async () => {
    const response = await fetch(`${server.url}/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: chunked(['{"a":', '1,"b"', ':[2]}']),
      duplex: 'half',
    } as RequestInit)
    const seen = (await response.json()) as Echo
    expect(seen.method).toBe('POST')
    expect(seen.body).toBe('{"a":1,"b":[2]}')
    expect(seen.headers['content-type']).toBe('application/json')
    expect(seen.headers['transfer-encoding']).toBe('chunked')
  })

  it('passes a body nobody parsed byte for byte (no JSON re-serialisation)', async () => {
    const raw = '{ "a" : 1 , "a": 2 }'
    const seen = (await (
      await fetch(`${server.url}/stream`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: raw,
      })
    ).json()) as Echo
    expect(seen.body).toBe(raw)
  })

  it('serialises again a body express.json() parsed, with its Content-Type and a matching length', async () => {
    const response = await fetch(`${server.url}/parsed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: '{ "email" : "ada@example.com", "n": 1 }',
    })
    const seen = (await response.json()) as Echo
    expect(seen.body).toBe('{"email":"ada@example.com","n":1}')
    expect(seen.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(seen.headers['content-length']).toBe(String(seen.body!.length))
  })

  it('keeps a __proto__ key of a parsed body, so core can refuse it', async () => {
    const seen = (await (
      await fetch(`${server.url}/parsed`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"__proto__":{"admin":true}}',
      })
    ).json()) as Echo
    expect(seen.body).toBe('{"__proto__":{"admin":true}}')
  })

  it('drops Content-Encoding once express.json() inflated the body', async () => {
    const response = await fetch(`${server.url}/parsed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync('{"zipped":true}'),
    })
    const seen = (await response.json()) as Echo
    expect(seen.body).toBe('{"zipped":true}')
    expect(seen.headers['content-encoding']).toBeUndefined()
    expect(seen.headers['content-length']).toBe('15')
  })

  it('passes express.text() strings and express.raw() bytes as they were', async () => {
    const text = (await (
      await fetch(`${server.url}/parsed`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: 'héllo',
      })
    ).json()) as Echo
    expect(text.body).toBe('héllo')
    expect(text.headers['content-type']).toBe('text/plain')
    const bytes = (await (
      await fetch(`${server.url}/parsed`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: 'raw bytes',
      })
    ).json()) as Echo
    expect(bytes.body).toBe('raw bytes')
  })

  it('refuses, as a 500 through next(), a body some middleware read without leaving req.body', async () => {
    const response = await fetch(`${server.url}/consumed`, { method: 'POST', body: 'gone' })
    expect(response.status).toBe(500)
    expect(((await response.json()) as { message: string }).message).toMatch(/left no req\.body/)
  })

  it('writes status, reason, headers and each Set-Cookie on its own line, after earlier cookies', async () => {
    const response = await fetch(`${server.url}/cookies`)
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Made')
    expect(response.headers.get('x-one')).toBe('a')
    expect(response.headers.getSetCookie()).toEqual([
      'early=1; Path=/',
      'first=1; Path=/; HttpOnly',
      'second=2; Path=/auth; HttpOnly',
    ])
    expect(await response.text()).toBe('ok')
  })

  it('streams a response body of several chunks', async () => {
    const response = await fetch(`${server.url}/chunks`)
    expect(response.headers.get('x-streamed')).toBe('yes')
    expect(response.headers.get('transfer-encoding')).toBe('chunked')
    expect(await response.text()).toBe('one two three')
  })
})
