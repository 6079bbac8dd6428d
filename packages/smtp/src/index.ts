export { createSmtpMailer, type SmtpMailer, type SmtpMailerOptions } from './create-smtp-mailer.js'
