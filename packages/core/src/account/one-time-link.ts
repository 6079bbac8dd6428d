import { addSeconds } from '../clock/clock.js'
import type { Deps } from '../config/resolve-config.js'
import { hashToken } from '../crypto/hash.js'
import { randomToken } from '../crypto/random.js'
import { assertSingleRecipient } from '../mail/recipient.js'
import type { MailKind } from '../mail/templates.js'
import type { UserRecord } from '../storage/types.js'

/** Token purposes: a token only ever works for its own. */
export type LinkPurpose = 'email_verification' | 'password_reset'

const KINDS: Record<LinkPurpose, MailKind> = {
  email_verification: 'emailVerification',
  password_reset: 'passwordReset',
}

/**
 * Sends a one-time link: a new 256-bit token (SHA-256 at rest), bound to its purpose, the user
 * and the address it goes to; older tokens of the same purpose are deleted first (the newest
 * request wins). The link is built from the configured app origin, never from the request.
 * If the mailer does not accept the message, the token is deleted: no usable token exists for
 * a mail that was not sent, and the call rejects (the caller may retry).
 */
export async function sendOneTimeLink(deps: Deps, user: UserRecord, purpose: LinkPurpose): Promise<void> {
  const mail = deps.config.mail
  if (!deps.mailer) throw new TypeError('sendOneTimeLink needs a mailer')
  const to = assertSingleRecipient(user.email)
  const settings = purpose === 'password_reset' ? mail.passwordReset : mail.emailVerification
  const now = deps.clock.now()
  const token = randomToken()
  const tokenHash = hashToken(token)
  await deps.storage.deleteUserTokens(user.id, purpose)
  await deps.storage.createToken({
    tokenHash,
    purpose,
    userId: user.id,
    data: { email: user.emailKey },
    createdAt: now,
    expiresAt: addSeconds(now, settings.ttlSeconds),
  })
  const link = new URL(settings.linkPath, deps.config.origins[0])
  link.searchParams.set('token', token)
  const message = mail.templates[KINDS[purpose]]({
    email: to,
    link: link.toString(),
    expiresInMinutes: Math.round(settings.ttlSeconds / 60),
  })
  try {
    await deps.mailer.send({ ...message, to })
  } catch (error) {
    await deps.storage.consumeToken(purpose, tokenHash, now).catch(() => null)
    throw error
  }
}
