import type { Storage } from '@portcullis/core'
import { createApiKeyStore } from './api-key-store.js'
import type { RedisScriptClient } from './client.js'
import { createKeyLayout } from './keys.js'
import { createPasskeyStore } from './passkey-store.js'
import { createRateLimitStore } from './rate-limit-store.js'
import { createRefreshTokenStore } from './refresh-token-store.js'
import { createScriptRunner } from './script.js'
import { createSessionStore } from './session-store.js'
import { createTokenStore } from './token-store.js'
import { createTwoFactorStore } from './two-factor-store.js'
import { createUserStore } from './user-store.js'

/** The key prefix used when none is given. */
export const DEFAULT_PREFIX = 'portcullis:'

/** Options of {@link createRedisStorage}. */
export interface RedisStorageOptions {
  /**
   * What every key starts with. Give each app (and each test run) its own, so that several
   * share one Redis database without meeting.
   * @default 'portcullis:'
   */
  prefix?: string
}

/**
 * Creates the whole storage port on Redis: users (hashes, unique index keys, a sorted set of
 * ids), sessions and one-time tokens (hashes evicted by Redis at their deadline, with a set
 * per user), rate-limit counters, refresh tokens (a hash per token, a set per family and per
 * user; rotation with reuse detection in one script), API keys (a hash per key, an index by
 * key hash, a set per user), TOTP factors and backup codes (a hash and a set per user) and
 * passkeys (a hash per passkey, a unique index by credential id, a set per user). Every method is one Lua script: atomic, and one round
 * trip (EVALSHA; EVAL once more when the server lacks the script). Expiry is judged with the
 * `now` core passes, so native TTLs only reclaim memory. Any failure of the client or the
 * server is thrown as `StorageUnavailableError`, with the original error as `cause`.
 *
 * Needs Redis 7.0 or later (`PEXPIREAT ... GT`) on one node: the scripts touch keys they name
 * themselves, which Redis Cluster does not allow across slots.
 *
 * @param client - an ioredis `Redis`, or any {@link RedisScriptClient}
 * @param options - the key prefix
 * @returns the storage, to pass to `createAuth` (or, by concern, to `composeStorage`)
 * @example
 * ```ts
 * import { createAuth } from '@portcullis/core'
 * import { createRedisStorage } from '@portcullis/redis'
 * import { Redis } from 'ioredis'
 *
 * const storage = createRedisStorage(new Redis(process.env.REDIS_URL!), { prefix: 'myapp:' })
 * const auth = createAuth({ storage, origins: 'http://localhost:8787' })
 * ```
 */
export function createRedisStorage(client: RedisScriptClient, options: RedisStorageOptions = {}): Storage {
  const context = {
    scripts: createScriptRunner(client),
    keys: createKeyLayout(options.prefix ?? DEFAULT_PREFIX),
  }
  return {
    ...createUserStore(context),
    ...createSessionStore(context),
    ...createTokenStore(context),
    ...createRateLimitStore(context),
    ...createRefreshTokenStore(context),
    ...createApiKeyStore(context),
    ...createTwoFactorStore(context),
    ...createPasskeyStore(context),
  }
}
