import { serverUrlFromEnv, storageConformance } from '@portcullis/core/testing'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe } from 'vitest'
import { connect, redisFactory } from './redis-fixture.js'

const url = serverUrlFromEnv('REDIS_URL')

describe.skipIf(!url)('redis server', () => {
  let admin: Redis
  const clients = new Map<string, Redis>()
  beforeAll(() => {
    admin = connect(url!)
  })
  afterAll(() => {
    admin.disconnect()
  })

  storageConformance(
    'redis',
    redisFactory(url!, () => admin, clients),
    {
      simulateOutage: (_storage, { testId }) => {
        clients.get(testId)?.disconnect()
      },
    },
  )
})
