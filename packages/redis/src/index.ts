export type { RedisScriptClient } from './client.js'
export { createRedisStorage, DEFAULT_PREFIX, type RedisStorageOptions } from './redis-storage.js'
