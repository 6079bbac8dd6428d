export { createSession } from './create-session.js'
export { generateSessionToken, parseSessionToken } from './session-token.js'
export type { ValidatedSession } from './validate-session.js'
export { validateSession } from './validate-session.js'
