import { assertSingleRecipient, type Mailer } from '@portcullis/core'

/** Where {@link createHttpMailer} posts. */
export interface HttpMailerOptions {
  /** The mail API endpoint, e.g. your provider's `/send` URL or a relay of your own. */
  url: string
  /** Sent as `Authorization: Bearer <key>` when set. */
  key?: string | undefined
  /** The sender. */
  from: string
}

/**
 * A {@link Mailer} that sends account mail through an HTTP API with `fetch`: Workers have no
 * SMTP client. It posts `{from, to, subject, text, html}` as JSON; adapt the body to your
 * provider (most take this shape or close to it). A non-2xx answer rejects, so core logs it.
 *
 * @param options - Endpoint, key and sender.
 * @returns The mailer to pass to `createAuth({ mailer })`.
 * @example
 * const mailer = createHttpMailer({ url: env.MAIL_API_URL, key: env.MAIL_API_KEY, from: 'no-reply@example.com' })
 */
export function createHttpMailer(options: HttpMailerOptions): Mailer {
  return {
    async send(message) {
      const to = assertSingleRecipient(message.to)
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        },
        body: JSON.stringify({
          from: options.from,
          to,
          subject: message.subject,
          text: message.text,
          html: message.html,
        }),
      })
      // Drain the body so the connection is released.
      await response.arrayBuffer()
      if (!response.ok) throw new Error(`mail API answered ${response.status}`)
    },
  }
}
