/** One message to one recipient, in plain text and HTML. */
export interface MailMessage {
  /** Exactly one address (checked with {@link assertSingleRecipient} before sending). */
  to: string
  subject: string
  text: string
  html: string
}

/**
 * The mail port: hands a message to a transport. Resolves once the transport accepted it;
 * rejects otherwise (the caller then treats the message as not sent).
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>
}
