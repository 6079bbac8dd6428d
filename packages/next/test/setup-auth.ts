import { type Auth, createAuth, type Storage } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'

/** The trusted origin of the test instances. */
export const ORIGIN = 'http://localhost:3000'

/** A real core on memory storage whose storage calls are counted, with access tokens on. */
export interface TestAuth {
  auth: Auth<Record<never, never>>
  /** Storage method names called since the last `calls.length = 0`. */
  calls: string[]
}

/**
 * Builds the instance. Storage is wrapped in a Proxy that records every method call, so tests can
 * assert how many round trips a check costs.
 */
export function setupAuth(): TestAuth {
  const calls: string[] = []
  const memory = createMemoryStorage()
  const storage = new Proxy(memory, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls.push(String(property))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  }) as Storage
  const auth = createAuth({
    storage,
    origins: ORIGIN,
    mode: 'development',
    secret: 'a next adapter test secret of enough length',
    jwt: {},
    logger: { warn: () => {}, error: (message, error) => console.error(message, error) },
  })
  return { auth, calls }
}

/** A POST with the trusted Origin and a JSON body. */
export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  })
}

/** `name=value` of the first cookie a response sets. */
export function cookieOf(response: Response): string {
  return response.headers.getSetCookie()[0]!.split(';')[0]!
}

/** Registers a user and returns its session cookie and id. */
export async function registerUser(
  auth: Auth<Record<never, never>>,
  email: string,
): Promise<{ cookie: string; userId: string }> {
  const response = await auth.handler(
    postJson('/auth/register', { email, password: 'a passphrase of sufficient length' }),
  )
  if (response.status !== 201)
    throw new Error(`register answered ${response.status}: ${await response.text()}`)
  const body = (await response.json()) as { user: { id: string } }
  return { cookie: cookieOf(response), userId: body.user.id }
}
