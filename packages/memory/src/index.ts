export {
  createMemoryStorage,
  type MemoryPurgeResult,
  type MemoryStorage,
  type MemoryStorageOptions,
  type MemoryStorageStats,
} from './memory-storage.js'
