import type { ServerResponse } from 'node:http'

/** Resolves when `res` can take more data, or when the connection is gone. */
function writable(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/**
 * Writes a Fetch `Response` to Node's response: status (and reason), every header, each
 * `Set-Cookie` as its own header line (appended to any an earlier middleware set), then the
 * body streamed chunk by chunk with backpressure. When the client goes away, the body is
 * cancelled; when the body fails midway, the connection is cut rather than ended cleanly.
 *
 * @param res - Node's (or Express's) response, headers not sent yet.
 * @param response - What core answered.
 * @returns Resolves once the body is written (or abandoned because the client left).
 * @example
 * await sendResponse(res, await auth.handler(request, { clientIp }))
 */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  if (response.statusText) res.statusMessage = response.statusText
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) {
    const earlier = res.getHeader('set-cookie')
    const kept = earlier === undefined ? [] : Array.isArray(earlier) ? earlier : [String(earlier)]
    res.setHeader('set-cookie', [...kept, ...cookies])
  }

  if (response.body === null) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  const abandon = (): void => {
    reader.cancel().catch(() => undefined)
  }
  res.on('close', abandon)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || res.destroyed) break
      if (!res.write(value)) await writable(res)
    }
    if (!res.destroyed) res.end()
  } catch {
    // The body failed midway: cut the connection, so the client cannot take a truncated body for a whole one.
    res.destroy()
  } finally {
    res.off('close', abandon)
  }
}
