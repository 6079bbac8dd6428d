import { InvalidRequestError } from '../errors/errors.js'
import { normalizeEmail } from '../users/normalize.js'

/**
 * Checks that `to` names exactly one mailbox: a valid address after NFC, no list separators,
 * no CR/LF (header injection), no look-alike `@` (next-auth CVE-2022-35924, CVE-2026-73420).
 * @returns the address as it will be sent.
 * @throws {InvalidRequestError} anything else.
 */
export function assertSingleRecipient(to: string): string {
  if (/[\r\n]/.test(to)) throw new InvalidRequestError('invalid recipient', { fields: { to: 'invalid' } })
  const email = normalizeEmail(to)
  if (!email) throw new InvalidRequestError('invalid recipient', { fields: { to: 'invalid' } })
  return email.email
}
