export { accessTokenStrategy } from './access-token.js'
export { apiKeyStrategy } from './api-key.js'
export { createAuthChain } from './chain.js'
export { sessionCookieStrategy } from './session-cookie.js'
