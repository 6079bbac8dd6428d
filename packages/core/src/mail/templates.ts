import type { MailMessage } from './types.js'

/** What a message kind is built from. Values are the user's: they are escaped in HTML. */
export interface MailTemplateInput {
  /** The recipient's address. */
  email: string
  /** The link to follow, built from the configured app origin only. */
  link: string
  /** How long the link works, in minutes. */
  expiresInMinutes: number
}

/** Builds a message's subject, text and HTML. Override per kind with `mail.templates`. */
export type MailTemplate = (input: MailTemplateInput) => Omit<MailMessage, 'to'>

/** The message kinds Portcullis sends. */
export type MailKind = 'emailVerification' | 'passwordReset'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML content and attribute values (next-auth CVE-2022-31127). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/** The built-in templates: short, plain, one link each. */
export const defaultMailTemplates: Readonly<Record<MailKind, MailTemplate>> = Object.freeze({
  emailVerification: ({ email, link, expiresInMinutes }) => ({
    subject: 'Confirm your email address',
    text: `Confirm that ${email} is your address by opening this link (valid ${expiresInMinutes} minutes):\n\n${link}\n\nIf you did not ask for this, ignore this message.`,
    html: `<p>Confirm that <strong>${escapeHtml(email)}</strong> is your address (the link is valid ${expiresInMinutes} minutes):</p><p><a href="${escapeHtml(link)}">Confirm my email address</a></p><p>If you did not ask for this, ignore this message.</p>`,
  }),
  passwordReset: ({ email, link, expiresInMinutes }) => ({
    subject: 'Reset your password',
    text: `Someone asked to reset the password of ${email}. To choose a new one, open this link (valid ${expiresInMinutes} minutes):\n\n${link}\n\nIf it was not you, ignore this message: your password stays as it is.`,
    html: `<p>Someone asked to reset the password of <strong>${escapeHtml(email)}</strong>. To choose a new one (the link is valid ${expiresInMinutes} minutes):</p><p><a href="${escapeHtml(link)}">Reset my password</a></p><p>If it was not you, ignore this message: your password stays as it is.</p>`,
  }),
})
