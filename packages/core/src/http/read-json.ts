import { InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/errors.js'

/** Keys that could pollute prototypes if anything ever merged the body (IN-2). */
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Whether a `Content-Type` is JSON, case-insensitively and ignoring parameters (CSRF-4). */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return mediaType === 'application/json'
}

/**
 * Reads a JSON object body. The size limit is enforced on the bytes actually read from the
 * stream, not on `Content-Length` (hono CVE-2025-59139); a declared length over the limit is
 * refused before reading.
 * @throws {UnsupportedMediaTypeError} when the body is not `application/json`.
 * @throws {PayloadTooLargeError} over `maxBytes`.
 * @throws {InvalidRequestError} for malformed JSON, a non-object, or a poisoned key.
 */
export async function readJsonObject(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  if (!isJsonContentType(request.headers.get('content-type')))
    throw new UnsupportedMediaTypeError('content type must be application/json')
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new PayloadTooLargeError('request body is too large')
  const text = await readLimitedText(request, maxBytes)
  let value: unknown
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (POISONED_KEYS.has(key)) throw new InvalidRequestError('forbidden key in body')
      return v
    })
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error
    throw new InvalidRequestError('body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidRequestError('body must be a JSON object')
  return value as Record<string, unknown>
}

/** Whether the request carries any body bytes (an unsafe request without a body needs no type). */
export async function drainIsEmpty(request: Request, maxBytes: number): Promise<boolean> {
  if (request.body === null) return true
  return (await readLimitedText(request, maxBytes)).length === 0
}

async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  if (request.body === null) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw new PayloadTooLargeError('request body is too large')
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error
    throw new InvalidRequestError('could not read the request body')
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new InvalidRequestError('body is not valid UTF-8')
  }
}
