export { createAuthChain } from './chain.js'
export { sessionCookieStrategy } from './session-cookie.js'
