import { type AuthOptions, createAuth, type Logger, passkeys, type Storage } from '@portcullis/core'
import { createPasswordHasher } from '@portcullis/core/password'
import { createFakeClock, type FakeClock } from '@portcullis/core/testing'
import { createMemoryStorage } from '@portcullis/memory'
import type { z } from 'zod'

/** The trusted origin of every test app. */
export const APP_ORIGIN = 'https://app.test'
/** A password that passes the default policy. */
export const GOOD_PASSWORD = 'correct horse battery staple'

/** Cheap argon2id parameters so that tests stay fast; production defaults are tested in test/password. */
export const fastHasher = createPasswordHasher({
  argon2id: { memoryCost: 64, timeCost: 1, parallelism: 1 },
  allowWeakParameters: true,
})

/** A logger that keeps what it is told, for assertions. */
export function recordingLogger(): Logger & { warnings: string[]; errors: unknown[] } {
  const warnings: string[] = []
  const errors: unknown[] = []
  return {
    warnings,
    errors,
    warn: (message) => warnings.push(message),
    error: (message, error) => errors.push({ message, error }),
  }
}

/** A fresh auth over memory storage, a fake clock and a fast hasher. */
export function createTestAuth<S extends z.ZodObject = z.ZodObject<Record<never, never>>>(
  overrides: Partial<AuthOptions<S>> = {},
) {
  const clock: FakeClock = createFakeClock('2026-01-01T00:00:00Z')
  const storage: Storage = overrides.storage ?? createMemoryStorage()
  const logger = recordingLogger()
  const auth = createAuth<S>({
    storage,
    origins: APP_ORIGIN,
    secret: 'test-secret-test-secret-test-secret!',
    mode: 'production',
    clock,
    logger,
    passkeys: passkeys(),
    ...overrides,
    password: { hasher: fastHasher, ...overrides.password },
  })
  return { auth, storage, clock, logger }
}

/** A JSON request from the trusted origin (as a browser on the app would send it). */
export function jsonRequest(
  method: string,
  path: string,
  body?: unknown,
  init: { cookie?: string | null; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers({ origin: APP_ORIGIN, ...init.headers })
  if (body !== undefined) headers.set('content-type', 'application/json')
  if (init.cookie) headers.set('cookie', init.cookie)
  return new Request(`${APP_ORIGIN}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  })
}

/** `name=value` of the first `Set-Cookie` of a response, for the next request's `Cookie`. */
export function cookieFrom(response: Response): string {
  const setCookie = response.headers.getSetCookie()[0]
  if (!setCookie) throw new Error('response set no cookie')
  return setCookie.split(';', 1)[0]!
}

/** Registers and returns the session cookie and user id. */
export async function register(
  auth: { handler: (r: Request) => Promise<Response> },
  body: Record<string, unknown> = {},
): Promise<{ cookie: string; userId: string; response: Response }> {
  const response = await auth.handler(
    jsonRequest('POST', '/auth/register', { email: 'ada@example.com', password: GOOD_PASSWORD, ...body }),
  )
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`)
  const json = (await response.clone().json()) as { user: { id: string } }
  return { cookie: cookieFrom(response), userId: json.user.id, response }
}

/** Logs in and returns the session cookie. */
export async function login(
  auth: { handler: (r: Request) => Promise<Response> },
  identifier = 'ada@example.com',
  password = GOOD_PASSWORD,
): Promise<string> {
  const response = await auth.handler(jsonRequest('POST', '/auth/login', { identifier, password }))
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`)
  return cookieFrom(response)
}

/** Reads the error envelope of a response. */
export async function errorOf(
  response: Response,
): Promise<{ code: string; message: string; fields?: unknown }> {
  const json = (await response.json()) as { error: { code: string; message: string; fields?: unknown } }
  return json.error
}
