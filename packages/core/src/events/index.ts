export type { AuthEvent, AuthEventType } from './events.js'
export { emitEvent } from './events.js'
