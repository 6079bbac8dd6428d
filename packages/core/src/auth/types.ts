import type { AccessTokenPayload, GeneratedJwtKey, JsonValue, JsonWebKeySet } from '../jwt/types.js'
import type { SessionRecord } from '../storage/types.js'

/** The fields every user has. Custom fields are added from the app's zod schema. */
export interface BaseUser {
  id: string
  email: string
  emailVerified: boolean
  username: string | null
  isActive: boolean
  roles: string[]
  createdAt: Date
  updatedAt: Date
  lastLoginAt: Date | null
}

/** A user as the app sees it: base fields plus the custom fields `F`. Never holds a secret. */
export type User<F extends object = Record<string, unknown>> = BaseUser & F

/** A session as the app sees it (no secret hash). */
export interface Session {
  id: string
  userId: string
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
  idleExpiresAt: Date
  ip: string | null
  userAgent: string | null
}

/** What a framework adapter tells the handler about the connection. */
export interface RequestContext {
  /** The client IP as the adapter resolved it (socket address, or trusted-proxy header). */
  clientIp?: string | undefined
  /**
   * Keeps work going after the response (mail sends answered with 202): Cloudflare's
   * `ctx.waitUntil`. Without it the work simply runs on; errors are logged.
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
}

/** How a request was authenticated. Later strategies add `jwt`, `api_key`, custom names. */
export type AuthMethod = 'session' | (string & {})

/** Who is acting on a request. */
export interface Principal<F extends object = Record<string, unknown>> {
  user: User<F>
  /** The session record when the method is `session` (or a strict access token), else null. */
  session: Session | null
  /** The session the credential belongs to: the cookie's, or an access token's `sid`; null for API keys. */
  sessionId: string | null
  method: AuthMethod
  /** Scopes granted to the credential; a session has `['*']`. */
  scopes: string[]
}

/** Converts a stored session to the public shape. */
export function toSession(record: SessionRecord): Session {
  return {
    id: record.id,
    userId: record.userId,
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
    expiresAt: record.expiresAt,
    idleExpiresAt: record.idleExpiresAt,
    ip: record.ip,
    userAgent: record.userAgent,
  }
}

/** A strategy of the authentication chain: returns a principal, or null to let the next one try. */
export interface AuthStrategy<F extends object = Record<string, unknown>> {
  readonly name: string
  authenticate(request: Request, context: RequestContext): Promise<Principal<F> | null>
}

/** A session just created: the token goes into the cookie (or to the client) once, and is never stored. */
export interface CreatedSession {
  token: string
  session: Session
  /** `Set-Cookie` header value carrying `token`. */
  cookie: string
}

/** Input of {@link AuthApi.createUser}. */
export interface CreateUserInput<F extends object> {
  email: string
  /** Checked against the password policy; omit for an account without a password. */
  password?: string
  username?: string | null
  emailVerified?: boolean
  isActive?: boolean
  roles?: string[]
  fields?: F
}

/** Input of {@link AuthApi.updateUser}. Absent keys are left alone. */
export interface UpdateUserInput<F extends object> {
  email?: string
  emailVerified?: boolean
  username?: string | null
  /** Setting false revokes all of the user's sessions. */
  isActive?: boolean
  roles?: string[]
  /** Merged into the current custom fields, then validated against the schema. */
  fields?: Partial<F>
}

/** Options of {@link AuthApi.createSession}. */
export interface CreateSessionOptions {
  ip?: string | null
  userAgent?: string | null
}

/**
 * The trusted server API. The app calls these with values it vouches for: no origin check,
 * no rate limit unless a client IP is given. Never wire a request body straight into them.
 */
export interface AuthApi<F extends object> {
  createUser(input: CreateUserInput<F>): Promise<User<F>>
  getUser(userId: string): Promise<User<F> | null>
  findUserByEmail(email: string): Promise<User<F> | null>
  findUserByUsername(username: string): Promise<User<F> | null>
  updateUser(userId: string, input: UpdateUserInput<F>): Promise<User<F>>
  deleteUser(userId: string): Promise<boolean>
  listUsers(options?: { limit?: number; cursor?: string; emailPrefix?: string }): Promise<User<F>[]>
  /** Checks an email-or-username and password; rehashes on success when parameters changed. */
  verifyCredentials(
    input: { identifier: string; password: string },
    context?: RequestContext,
  ): Promise<User<F>>
  /** Changes a password after checking the current one; revokes the user's other sessions. */
  changePassword(
    userId: string,
    input: { currentPassword: string; newPassword: string; keepSessionId?: string },
  ): Promise<void>
  /** Sets a password without the current one (admin reset); revokes every session. */
  setPassword(userId: string, newPassword: string): Promise<void>
  createSession(userId: string, options?: CreateSessionOptions): Promise<CreatedSession>
  /** The session and user for a token, or null; slides the idle deadline (throttled). */
  validateSession(token: string): Promise<{ session: Session; user: User<F> } | null>
  listSessions(userId: string): Promise<Session[]>
  revokeSession(userId: string, sessionId: string): Promise<boolean>
  /** Revokes all of the user's sessions, or all but `exceptSessionId`. Returns how many. */
  revokeSessions(userId: string, options?: { exceptSessionId?: string }): Promise<number>
  /** Whether TOTP is on, how many passkeys and unused backup codes the user has. */
  twoFactorStatus(userId: string): Promise<{ totp: boolean; passkeys: number; backupCodesRemaining: number }>
  /**
   * Removes every second factor of a user (TOTP, backup codes, passkeys) and revokes their
   * sessions and refresh tokens: the support desk's MFA reset, after the app has verified the
   * person another way (SECURITY.md section 5). The user signs in with the password alone next.
   */
  resetSecondFactors(userId: string): Promise<void>
  /** Access tokens; null unless `jwt` is configured. */
  jwt: AuthJwtApi | null
}

/** Access tokens for apps that issue or check them themselves (`auth.api.jwt`). */
export interface AuthJwtApi {
  /**
   * Signs an access token for a user (its roles from storage, custom claims from the `claims`
   * hook). Not tied to a session unless `sessionId` is given.
   * @throws {NotFoundError} unknown user.
   */
  createAccessToken(
    userId: string,
    options?: { scopes?: string[]; sessionId?: string },
  ): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }>
  /** The payload of a valid access token of ours, or null (signature, algorithm, claims all checked). */
  verify(token: string): Promise<AccessTokenPayload<Record<string, JsonValue>> | null>
  /** The token a request carries in the configured locations, or null. Never throws. */
  extractToken(request: Request): string | null
  /** The public verification keys. */
  jwks(): Promise<JsonWebKeySet>
  /** The Ed25519 key generated in development (to persist and pass back as `jwt.keys`), or null. */
  generatedKey(): Promise<GeneratedJwtKey | null>
}

/** What `createAuth` returns. */
export interface Auth<F extends object = Record<string, unknown>> {
  /** The untrusted HTTP door: routes the contract under `basePath`. Never throws. */
  handler(request: Request, context?: RequestContext): Promise<Response>
  /** Runs the authentication chain; null when no strategy recognises the request. */
  authenticate(request: Request, context?: RequestContext): Promise<Principal<F> | null>
  /** The trusted server API. */
  api: AuthApi<F>
  /** Cookie helpers for apps that create sessions themselves. */
  cookies: {
    /** Name of the session cookie (`__Host-portcullis.session` when secure). */
    readonly sessionCookieName: string
    /** `Set-Cookie` value that carries `token`. */
    session(token: string): string
    /** `Set-Cookie` value that clears the session cookie. */
    clearSession(): string
  }
  /** Resolved settings adapters may read. */
  readonly basePath: string
  readonly origins: readonly string[]
}
