import { assertSingleRecipient } from '../mail/recipient.js'
import type { Mailer, MailMessage } from '../mail/types.js'

/** A {@link Mailer} that keeps messages in memory, for tests. */
export interface MemoryMailer extends Mailer {
  /** Every message accepted so far, oldest first. */
  readonly messages: readonly MailMessage[]
  /** The newest message to `to` (any recipient when omitted), or undefined. */
  last(to?: string): MailMessage | undefined
  /** Forgets every message. */
  clear(): void
  /** Makes the next `count` sends reject, as a failing transport would. */
  failNext(count?: number): void
}

/** Creates a {@link MemoryMailer}. Recipients are checked like a real mailer checks them. */
export function createMemoryMailer(): MemoryMailer {
  const messages: MailMessage[] = []
  let failures = 0
  return {
    messages,
    async send(message) {
      const to = assertSingleRecipient(message.to)
      if (failures > 0) {
        failures--
        throw new Error('memory mailer: simulated transport failure')
      }
      messages.push({ ...message, to })
    },
    last(to) {
      for (let i = messages.length - 1; i >= 0; i--)
        if (to === undefined || messages[i]!.to === to) return messages[i]
      return undefined
    },
    clear() {
      messages.length = 0
    },
    failNext(count = 1) {
      failures = count
    },
  }
}
