/**
 * A stand-in `Auth` for testing framework adapters without core's storage or hashing: the handler
 * echoes what it received, `authenticate` maps `Authorization: Bearer <name>` to a principal.
 *
 * @module
 */
import type { Auth, AuthApi, Principal, RequestContext, User } from '../auth/types.js'

/** Custom fields of the test users. */
export interface FakeUserFields {
  displayName: string
}

/** One call the fake received. */
export interface FakeCall {
  request: Request
  context: RequestContext | undefined
}

/** An `Auth` double for adapter tests: `handler` echoes what it got, `authenticate` maps `Bearer <name>` to a principal. */
export interface FakeAuth extends Auth<FakeUserFields> {
  handlerCalls: FakeCall[]
  authenticateCalls: FakeCall[]
}

/** A user with the given roles. */
export function testUser(name: string, roles: string[] = []): User<FakeUserFields> {
  const at = new Date('2026-01-01T00:00:00Z')
  return {
    id: `id-${name}`,
    email: `${name}@example.com`,
    emailVerified: true,
    username: name,
    isActive: true,
    roles,
    createdAt: at,
    updatedAt: at,
    lastLoginAt: null,
    displayName: name.toUpperCase(),
  }
}

const notUsed = (): never => {
  throw new Error('not used by the adapter')
}

/**
 * Builds the double. `principals` maps a bearer value to a principal; `Bearer boom` makes
 * `authenticate` reject.
 */
export function createFakeAuth(
  principals: Record<string, Principal<FakeUserFields>> = {},
  basePath = '/auth',
): FakeAuth {
  const handlerCalls: FakeCall[] = []
  const authenticateCalls: FakeCall[] = []
  const api = new Proxy({}, { get: () => notUsed }) as AuthApi<FakeUserFields>
  return {
    handlerCalls,
    authenticateCalls,
    basePath,
    origins: ['http://localhost:8787'],
    api,
    cookies: { sessionCookieName: 'portcullis.session', session: notUsed, clearSession: notUsed },
    async handler(request, context) {
      handlerCalls.push({ request, context })
      const body = request.method === 'POST' ? await request.text() : null
      return Response.json(
        {
          method: request.method,
          path: new URL(request.url).pathname,
          clientIp: context?.clientIp ?? null,
          body,
        },
        { status: 200, headers: { 'X-Fake': 'handler' } },
      )
    },
    async authenticate(request, context) {
      authenticateCalls.push({ request, context })
      const header = request.headers.get('authorization') ?? ''
      if (header === 'Bearer boom') throw new Error('storage down')
      const name = header.startsWith('Bearer ') ? header.slice(7) : ''
      return principals[name] ?? null
    },
  }
}

/** A session principal (scopes `*`) for a user with `roles`. */
export function sessionPrincipal(name: string, roles: string[] = []): Principal<FakeUserFields> {
  return { user: testUser(name, roles), session: null, sessionId: null, method: 'session', scopes: ['*'] }
}

/** An API-key principal with `scopes`. */
export function keyPrincipal(
  name: string,
  scopes: string[],
  roles: string[] = [],
): Principal<FakeUserFields> {
  return { user: testUser(name, roles), session: null, sessionId: null, method: 'api_key', scopes }
}
