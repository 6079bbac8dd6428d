import type { Storage } from '@portcullis/core'
import type { StorageFactoryContext, StorageFixture } from '@portcullis/core/testing'
import { Redis } from 'ioredis'
import { createRedisStorage } from '../src/index.js'

/** The prefix of every key a test writes: its own per test, under one shared root. */
export function testPrefix(testId: string): string {
  return `portcullis-test:${testId}:`
}

/** A new ioredis client. Once `disconnect()`ed it rejects every command at once. */
export function connect(url: string): Redis {
  return new Redis(url)
}

/**
 * Every key under `prefix` (SCAN, so the server never blocks on KEYS), sorted.
 *
 * @param admin - a connected client
 * @param prefix - the keys' prefix; it must not contain glob characters
 */
export async function keysUnder(admin: Redis, prefix: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    found.push(...keys)
    cursor = next
  } while (cursor !== '0')
  return found.sort()
}

/**
 * Deletes every key under `prefix` (SCAN + UNLINK).
 *
 * @param admin - a connected client
 * @param prefix - the keys' prefix; it must not contain glob characters
 */
export async function deleteKeysUnder(admin: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(admin, prefix)
  for (let i = 0; i < keys.length; i += 500) await admin.unlink(...keys.slice(i, i + 500))
}

/**
 * A conformance factory: each test gets its own client (so that an outage test can disconnect
 * it) and its own prefix, deleted afterwards through `admin`.
 */
export function redisFactory(
  url: string,
  admin: () => Redis,
  clients: Map<string, Redis>,
): (context: StorageFactoryContext) => StorageFixture {
  return ({ testId }) => {
    const client = connect(url)
    clients.set(testId, client)
    const prefix = testPrefix(testId)
    const storage: Storage = createRedisStorage(client, { prefix })
    return {
      storage,
      cleanup: async () => {
        clients.delete(testId)
        client.disconnect()
        await deleteKeysUnder(admin(), prefix)
      },
    }
  }
}
