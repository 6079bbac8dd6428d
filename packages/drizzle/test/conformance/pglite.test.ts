import type { Storage } from '@portcullis/core'
import { storageConformance } from '@portcullis/core/testing'
import { createPostgresStorage } from '../../src/postgres/create-postgres-storage.js'
import { pgliteSchema } from '../helpers/pglite.js'

const outages = new WeakMap<Storage, () => void>()

storageConformance(
  'drizzle/pglite',
  async ({ clock, testId }) => {
    const schema = await pgliteSchema(testId)
    const storage = createPostgresStorage(schema.db, { clock })
    outages.set(storage, schema.close)
    return { storage, cleanup: schema.drop }
  },
  { simulateOutage: (storage) => outages.get(storage)?.() },
)
