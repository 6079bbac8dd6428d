export { createConsoleMailer } from './console-mailer.js'
export { assertSingleRecipient } from './recipient.js'
export type { Mailer, MailMessage } from './types.js'
