import type { LuaScript } from '../script.js'

/**
 * Helpers every script starts with. Redis runs a script atomically but does not roll back the
 * writes a script made before failing, so each script reads and checks everything first and
 * only then writes, with commands that cannot fail on keys of the right type.
 *
 * - `toMap(flat)`: an `HGETALL` reply as a table.
 * - `isPast(deadline, now)`: whether `now >= deadline` (both epoch milliseconds): expiry is
 *   judged by the app's clock, passed in by the caller, never by Redis' own.
 * - `addToIndex(setKey, member, deadline)`: `SADD`, and let the set live until the latest
 *   deadline of its members (`PEXPIREAT ... GT`), so an index never outlives them for long.
 * - `release(indexKey, id)`: deletes a unique index key only if it still names `id`.
 */
const PRELUDE = `
local function toMap(flat)
  local map = {}
  for i = 1, #flat, 2 do map[flat[i]] = flat[i + 1] end
  return map
end
local function isPast(deadline, now)
  return tonumber(now) >= tonumber(deadline)
end
local function addToIndex(setKey, member, deadline)
  local fresh = redis.call('EXISTS', setKey) == 0
  redis.call('SADD', setKey, member)
  if fresh then
    redis.call('PEXPIREAT', setKey, deadline)
  else
    redis.call('PEXPIREAT', setKey, deadline, 'GT')
  end
end
local function release(indexKey, id)
  if redis.call('GET', indexKey) == id then redis.call('DEL', indexKey) end
end
`

/**
 * A script named `name` whose source is the shared helpers followed by `body`.
 *
 * @param name - shown in error messages
 * @param body - the Lua body, which may use the helpers
 * @returns the script
 */
export function luaScript(name: string, body: string): LuaScript {
  return { name, source: `${PRELUDE}${body}` }
}
