import { luaScript } from './lua.js'

/**
 * One hit on a fixed-window counter, atomically: inside the window (`now < resetAt`) the count
 * goes up by one and `resetAt` stays; from `resetAt` on (or for a new key) the window restarts
 * at 1 with the `resetAt` the caller computed (`now + window`), and Redis evicts the counter
 * then (`PEXPIREAT`). Replies `{ count, resetAt }`.
 *
 * KEYS: counter hash. ARGV: now (epoch ms), resetAt of a new window (epoch ms).
 */
export const HIT_RATE_LIMIT = luaScript(
  'hitRateLimit',
  `
local resetAt = redis.call('HGET', KEYS[1], 'resetAt')
if resetAt and not isPast(resetAt, ARGV[1]) then
  return { redis.call('HINCRBY', KEYS[1], 'count', 1), resetAt }
end
redis.call('HSET', KEYS[1], 'count', 1, 'resetAt', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return { 1, ARGV[2] }
`,
)

/**
 * Forgets a counter.
 *
 * KEYS: counter hash.
 */
export const RESET_RATE_LIMIT = luaScript('resetRateLimit', `return redis.call('DEL', KEYS[1])`)
