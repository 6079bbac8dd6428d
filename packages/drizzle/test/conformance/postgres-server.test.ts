import type { Storage } from '@portcullis/core'
import { serverUrlFromEnv, storageConformance } from '@portcullis/core/testing'
import { afterAll, describe } from 'vitest'
import { createPostgresStorage } from '../../src/postgres/create-postgres-storage.js'
import { adminPool, serverSchema } from '../helpers/postgres-server.js'

const url = serverUrlFromEnv('DATABASE_URL')

describe.skipIf(!url)('PostgreSQL server (node-postgres)', () => {
  const admin = adminPool(url ?? '')
  afterAll(() => admin.end())
  const outages = new WeakMap<Storage, () => Promise<void>>()

  storageConformance(
    'drizzle/node-postgres',
    async ({ clock, testId }) => {
      const schema = await serverSchema(admin, url ?? '', testId)
      const storage = createPostgresStorage(schema.db, { clock })
      outages.set(storage, schema.close)
      return { storage, cleanup: schema.drop }
    },
    { simulateOutage: (storage) => outages.get(storage)?.() },
  )
})
