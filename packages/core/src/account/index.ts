export { confirmEmailVerification, requestEmailVerification } from './email-verification.js'
export type { LinkPurpose } from './one-time-link.js'
export { sendOneTimeLink } from './one-time-link.js'
export { confirmPasswordReset, requestPasswordReset } from './password-reset.js'
