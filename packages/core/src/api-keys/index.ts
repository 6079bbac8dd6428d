export { API_KEY_PREFIX, generateApiKey, isApiKey } from './api-key-token.js'
export type { ApiKeyInfo } from './manage-api-keys.js'
export { createApiKey, grantsScope, MAX_API_KEY_TTL_SECONDS, toApiKeyInfo } from './manage-api-keys.js'
