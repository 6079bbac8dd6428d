import { composeStorage } from '@portcullis/core'
import { storageConformance } from '@portcullis/core/testing'
import { createMemoryStorage } from '../src/index.js'

// Three separate stores, one per concern: the suite must not tell the difference.
storageConformance('composeStorage over three memory stores', () => {
  const users = createMemoryStorage()
  const ephemeral = createMemoryStorage()
  const counters = createMemoryStorage()
  return composeStorage({ users, sessions: ephemeral, tokens: ephemeral, rateLimits: counters })
})

storageConformance('composeStorage with one store for everything', () => {
  const all = createMemoryStorage()
  return composeStorage({ users: all, sessions: all, tokens: all, rateLimits: all })
})
