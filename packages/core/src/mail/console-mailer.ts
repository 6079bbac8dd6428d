import { assertSingleRecipient } from './recipient.js'
import type { Mailer } from './types.js'

/**
 * A mailer for local development: prints each message (recipient, subject, text) instead of
 * sending it. The text holds working links with tokens: never use it in production.
 *
 * @param write - where lines go. @default console.log
 */
export function createConsoleMailer(write: (line: string) => void = console.log): Mailer {
  return {
    async send(message) {
      const to = assertSingleRecipient(message.to)
      write(`[portcullis mail] to: ${to}\n[portcullis mail] subject: ${message.subject}\n${message.text}`)
    },
  }
}
