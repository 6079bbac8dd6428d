/**
 * Every error Portcullis throws on purpose is a {@link PortcullisError}: it carries a stable
 * snake_case `code` and the HTTP `status` the handler answers with. Messages are generic and
 * never contain a token, a password, a hash or whether an account exists.
 */
export class PortcullisError extends Error {
  /** Stable machine-readable code, as in the HTTP contract. */
  readonly code: ErrorCode = 'internal_error'
  /** HTTP status the handler answers with. */
  readonly status: number = 500
  /** Per-field reasons, for `invalid_request` and `weak_password`. */
  readonly fields?: Readonly<Record<string, string>>

  constructor(message?: string, options?: { cause?: unknown; fields?: Record<string, string> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = this.constructor.name
    if (options?.fields) this.fields = Object.freeze({ ...options.fields })
  }
}

/**
 * A second-factor code (TOTP or backup code) is wrong, used or malformed: 400 `invalid_code` where
 * an authenticated user confirms or disables a factor, 401 at the login's second step.
 */
export class InvalidCodeError extends PortcullisError {
  override readonly code = 'invalid_code'
  override readonly status: 400 | 401
  constructor(message = 'invalid code', status: 400 | 401 = 400) {
    super(message)
    this.status = status
  }
}

/**
 * The action needs a recent login (adding a second factor): sign in again, then retry (403
 * `reauthentication_required`).
 */
export class ReauthenticationRequiredError extends PortcullisError {
  override readonly code = 'reauthentication_required'
  override readonly status = 403
}

/** The login's second-step challenge is unknown, used or expired (401 `invalid_challenge`). */
export class InvalidChallengeError extends PortcullisError {
  override readonly code = 'invalid_challenge'
  override readonly status = 401
}

/** TOTP is already enabled: disable it (with a code or the password) before a new setup (409). */
export class TwoFactorEnabledError extends PortcullisError {
  override readonly code = 'two_factor_enabled'
  override readonly status = 409
}

/** A WebAuthn registration or assertion failed a check (400 `invalid_credential`); `fields.reason` says which. */
export class InvalidCredentialError extends PortcullisError {
  override readonly code = 'invalid_credential'
  override readonly status = 400
  constructor(reason: string, message = 'passkey verification failed') {
    super(message, { fields: { credential: reason } })
  }
}

/** A request body, query or argument failed validation (400 `invalid_request`). */
export class InvalidRequestError extends PortcullisError {
  override readonly code = 'invalid_request'
  override readonly status = 400
}

/** The password breaks the policy (400 `weak_password`); `fields.password` says why. */
export class WeakPasswordError extends PortcullisError {
  override readonly code = 'weak_password'
  override readonly status = 400
  /** Why: `too_short`, `too_long`, `compromised`, `breached` or `context`. */
  readonly reason: WeakPasswordReason
  constructor(reason: WeakPasswordReason, message = weakPasswordMessages[reason]) {
    super(message, { fields: { password: reason } })
    this.reason = reason
  }
}

export type WeakPasswordReason = 'too_short' | 'too_long' | 'compromised' | 'breached' | 'context'
const weakPasswordMessages: Record<WeakPasswordReason, string> = {
  too_short: 'password is too short',
  too_long: 'password is too long',
  compromised: 'password is too common',
  breached: 'password appears in a data breach',
  context: 'password must not contain the email or username',
}

/** An email or username is already taken (409); catch this to handle both cases at once. */
export class UserAlreadyExistsError extends PortcullisError {
  override readonly code: 'email_taken' | 'username_taken' = 'email_taken'
  override readonly status = 409
}

/** Registration or update hit an email that is already registered (409 `email_taken`). */
export class EmailTakenError extends UserAlreadyExistsError {
  override readonly code = 'email_taken'
}

/** Registration or update hit a username that is already taken (409 `username_taken`). */
export class UsernameTakenError extends UserAlreadyExistsError {
  override readonly code = 'username_taken'
}

/** Unknown identifier or wrong password: the two are indistinguishable (401 `invalid_credentials`). */
export class InvalidCredentialsError extends PortcullisError {
  override readonly code = 'invalid_credentials'
  override readonly status = 401
}

/** The current password given to change-password is wrong (400 `invalid_credentials`). */
export class IncorrectPasswordError extends PortcullisError {
  override readonly code = 'invalid_credentials'
  override readonly status = 400
}

/** The account is disabled (403 `account_disabled`). Only said after a correct password. */
export class AccountDisabledError extends PortcullisError {
  override readonly code = 'account_disabled'
  override readonly status = 403
}

/** Login needs a verified email (403 `email_not_verified`). Only said after a correct password. */
export class EmailNotVerifiedError extends PortcullisError {
  override readonly code = 'email_not_verified'
  override readonly status = 403
}

/** Too many attempts; `retryAfterSeconds` goes into `Retry-After` (429 `too_many_attempts`). */
export class TooManyAttemptsError extends PortcullisError {
  override readonly code = 'too_many_attempts'
  override readonly status = 429
  readonly retryAfterSeconds: number
  /** The limit that was hit (`RateLimit-Limit`), when known. */
  readonly limit: number | undefined
  constructor(retryAfterSeconds: number, message = 'too many attempts, try again later', limit?: number) {
    super(message)
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds))
    this.limit = limit
  }
}

/** No valid credentials on a request that needs them (401 `unauthenticated`). */
export class UnauthenticatedError extends PortcullisError {
  override readonly code = 'unauthenticated'
  override readonly status = 401
}

/** Authenticated, but not allowed (403 `forbidden`). */
export class ForbiddenError extends PortcullisError {
  override readonly code = 'forbidden'
  override readonly status = 403
}

/** An unsafe request failed the origin check (403 `csrf_rejected`). */
export class CsrfRejectedError extends PortcullisError {
  override readonly code = 'csrf_rejected'
  override readonly status = 403
}

/** The thing named does not exist or is not the caller's (404 `not_found`). */
export class NotFoundError extends PortcullisError {
  override readonly code = 'not_found'
  override readonly status = 404
}

/** The route exists but not for this method (405 `method_not_allowed`). */
export class MethodNotAllowedError extends PortcullisError {
  override readonly code = 'method_not_allowed'
  override readonly status = 405
  readonly allow: readonly string[]
  constructor(allow: readonly string[]) {
    super('method not allowed')
    this.allow = allow
  }
}

/** Body over the configured limit (413 `payload_too_large`). */
export class PayloadTooLargeError extends PortcullisError {
  override readonly code = 'payload_too_large'
  override readonly status = 413
}

/** Body is not `application/json` (415 `unsupported_media_type`). */
export class UnsupportedMediaTypeError extends PortcullisError {
  override readonly code = 'unsupported_media_type'
  override readonly status = 415
}

/** A one-time token is unknown, used or expired (400 `invalid_token`). */
export class InvalidTokenError extends PortcullisError {
  override readonly code = 'invalid_token'
  override readonly status = 400
}

/** A token was valid once but has expired (401 `token_expired`). */
export class TokenExpiredError extends PortcullisError {
  override readonly code = 'token_expired'
  override readonly status = 401
}

/** A refresh token is unknown, expired, or its login has ended (401 `invalid_token`). */
export class InvalidRefreshTokenError extends PortcullisError {
  override readonly code = 'invalid_token'
  override readonly status = 401
}

/** A spent refresh token was presented again: its family and session are revoked (401 `token_reused`). */
export class TokenReusedError extends PortcullisError {
  override readonly code = 'token_reused'
  override readonly status = 401
}

/** Too many password hashes are queued; try again shortly (503 `server_busy`). */
export class ServerBusyError extends PortcullisError {
  override readonly code = 'server_busy'
  override readonly status = 503
  readonly retryAfterSeconds = 1
}

/** The storage backend failed; nothing was half-written (503 `storage_unavailable`). */
export class StorageUnavailableError extends PortcullisError {
  override readonly code = 'storage_unavailable'
  override readonly status = 503
}

/** Invalid options given to `createAuth` or a factory. Lists every problem. Thrown at startup. */
export class ConfigError extends PortcullisError {
  override readonly code = 'config_error'
  override readonly status = 500
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`invalid Portcullis configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

/** Every stable error code the library and its HTTP handler use. */
export type ErrorCode =
  | 'internal_error'
  | 'invalid_request'
  | 'weak_password'
  | 'email_taken'
  | 'username_taken'
  | 'invalid_credentials'
  | 'account_disabled'
  | 'email_not_verified'
  | 'too_many_attempts'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_rejected'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_token'
  | 'token_expired'
  | 'token_reused'
  | 'server_busy'
  | 'storage_unavailable'
  | 'config_error'
  | 'invalid_code'
  | 'invalid_challenge'
  | 'two_factor_enabled'
  | 'invalid_credential'
  | 'reauthentication_required'
