import type { Deps } from '../config/resolve-config.js'

/** What happened. Never carries a password, token, hash or the identifier typed at login. */
export type AuthEventType =
  | 'user_registered'
  | 'login_succeeded'
  | 'login_failed'
  | 'locked_out'
  | 'password_changed'
  | 'password_reset'
  | 'email_verified'
  | 'user_disabled'
  /** Password accepted, then a wrong second factor: tell the user (SECURITY OTP-5). */
  | 'two_factor_failed'
  | 'two_factor_enabled'
  | 'two_factor_disabled'
  | 'backup_codes_regenerated'
  | 'passkey_added'
  | 'passkey_removed'
  /** An assertion's signature counter did not move forward: a possibly cloned authenticator (WA-3). */
  | 'passkey_counter_warning'

/** One security event, for audit logs and notifications (SECURITY.md BF-7, BF-8). */
export interface AuthEvent {
  type: AuthEventType
  /** The account concerned, when known (a failed login for an unknown account has none). */
  userId: string | null
  /** The client IP the adapter resolved, when there is one. */
  ip: string | null
  at: Date
}

/**
 * Hands an event to the `onEvent` hook. The hook is awaited but can never break the flow: an
 * error it throws is logged and swallowed.
 */
export async function emitEvent(
  deps: Deps,
  type: AuthEventType,
  subject: { userId?: string | null; ip?: string | null | undefined } = {},
): Promise<void> {
  const hook = deps.onEvent
  if (!hook) return
  try {
    await hook({ type, userId: subject.userId ?? null, ip: subject.ip ?? null, at: deps.clock.now() })
  } catch (error) {
    deps.logger.error(`onEvent hook failed for ${type}`, error)
  }
}
