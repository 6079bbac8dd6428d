import { PGlite } from '@electric-sql/pglite'
import { composeStorage } from '@portcullis/core'
import { serverUrlFromEnv, storageConformance } from '@portcullis/core/testing'
import { applyPostgresMigrations, createPostgresStorage, portcullisPgUsers } from '@portcullis/drizzle'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe } from 'vitest'
import { createRedisStorage } from '../src/index.js'
import { connect, deleteKeysUnder, testPrefix } from './redis-fixture.js'

const url = serverUrlFromEnv('REDIS_URL')

describe.skipIf(!url)(
  'users and API keys in SQL (drizzle on PGlite), sessions, tokens, refresh tokens and rate limits in Redis',
  () => {
    // One PGlite for the file (a second would cost seconds to start): migrated once, its users
    // deleted after each test. The outage cases point its search_path at a schema that does not
    // exist, so that every statement of the drizzle store fails, and cleanup points it back.
    const pglite = new PGlite()
    const db = drizzle({ client: pglite })
    const sqlUsers = createPostgresStorage(db)
    let admin: Redis
    const clients = new Map<string, Redis>()

    beforeAll(async () => {
      admin = connect(url!)
      await applyPostgresMigrations(db)
    })
    afterAll(async () => {
      admin.disconnect()
      await pglite.close()
    })

    storageConformance(
      'drizzle (PGlite) users, API keys + redis sessions, tokens, refresh tokens, rate limits',
      ({ testId }) => {
        const client = connect(url!)
        clients.set(testId, client)
        const prefix = testPrefix(testId)
        const redis = createRedisStorage(client, { prefix })
        return {
          storage: composeStorage({ users: sqlUsers, sessions: redis, tokens: redis, rateLimits: redis }),
          cleanup: async () => {
            clients.delete(testId)
            client.disconnect()
            await db.execute(sql`SET search_path TO public`)
            await db.delete(portcullisPgUsers)
            await deleteKeysUnder(admin, prefix)
          },
        }
      },
      {
        simulateOutage: async (_storage, { testId }) => {
          clients.get(testId)?.disconnect()
          await db.execute(sql`SET search_path TO portcullis_down`)
        },
      },
    )
  },
)
