import { buildSession, buildUser, createFakeClock, serverUrlFromEnv } from '@portcullis/core/testing'
import type { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStorage, type RedisScriptClient } from '../src/index.js'
import { CountingClient } from './counting-client.js'
import { connect, deleteKeysUnder, testPrefix } from './redis-fixture.js'

const url = serverUrlFromEnv('REDIS_URL')

/** The options object node-redis (v4, v5) takes for `eval` and `evalSha`. */
interface NodeRedisEvalOptions {
  keys: string[]
  arguments: string[]
}

/** The two methods of a node-redis client the README's wrapper uses, with their signatures. */
interface NodeRedisLike {
  evalSha(sha: string, options: NodeRedisEvalOptions): Promise<unknown>
  eval(script: string, options: NodeRedisEvalOptions): Promise<unknown>
}

/** The wrapper shown in the README, word for word. */
function fromNodeRedis(redis: NodeRedisLike): RedisScriptClient {
  const split = (numKeys: number, keysAndArgs: string[]): NodeRedisEvalOptions => ({
    keys: keysAndArgs.slice(0, numKeys),
    arguments: keysAndArgs.slice(numKeys),
  })
  return {
    evalsha: (sha, numKeys, ...keysAndArgs) => redis.evalSha(sha, split(numKeys, keysAndArgs)),
    eval: (script, numKeys, ...keysAndArgs) => redis.eval(script, split(numKeys, keysAndArgs)),
  }
}

describe.skipIf(!url)('clients', () => {
  const prefix = testPrefix(`clients_${process.pid}`)
  const clock = createFakeClock()
  let admin: Redis
  beforeAll(() => {
    admin = connect(url!)
  })
  afterEach(async () => {
    await deleteKeysUnder(admin, prefix)
  })
  afterAll(() => {
    admin.disconnect()
  })

  it('falls back to EVAL when Redis answers NOSCRIPT, then uses EVALSHA again', async () => {
    let forgetOnce = true
    const forgetful: RedisScriptClient = {
      // The first EVALSHA asks for a digest Redis has never seen: its real NOSCRIPT reply.
      evalsha: (sha, numKeys, ...rest) => {
        const digest = forgetOnce ? '0'.repeat(40) : sha
        forgetOnce = false
        return admin.evalsha(digest, numKeys, ...rest)
      },
      eval: (script, numKeys, ...rest) => admin.eval(script, numKeys, ...rest),
    }
    const counting = new CountingClient(forgetful)
    const storage = createRedisStorage(counting, { prefix })
    expect((await storage.hitRateLimit('login:ada', 60, clock.now())).count).toBe(1)
    expect(counting.sent).toEqual(['EVALSHA', 'EVAL'])
    counting.reset()
    expect((await storage.hitRateLimit('login:ada', 60, clock.now())).count).toBe(2)
    expect(counting.sent).toEqual(['EVALSHA'])
  })

  it("works through the README's node-redis wrapper (over a stand-in with node-redis' eval signatures)", async () => {
    const standIn: NodeRedisLike = {
      evalSha: (sha, { keys, arguments: args }) => admin.evalsha(sha, keys.length, ...keys, ...args),
      eval: (script, { keys, arguments: args }) => admin.eval(script, keys.length, ...keys, ...args),
    }
    const storage = createRedisStorage(fromNodeRedis(standIn), { prefix })
    const user = buildUser({ username: 'ada', createdAt: clock.now() })
    await storage.createUser(user)
    const session = buildSession({ userId: user.id, createdAt: clock.now() })
    await storage.createSession(session)
    expect(await storage.getSessionAndUser(session.id, clock.now())).toEqual({ session, user })
  })
})
