import { luaScript } from './lua.js'

/**
 * Reads a live session into `session` (its `HGETALL` reply) and `fields` (as a table), or
 * deletes it and its index entry when it is expired at the caller's `now`. Shared by the
 * session lookups. Expects KEYS[1] = session hash, ARGV[1] = session-set key prefix, ARGV[2] =
 * now (epoch ms), ARGV[3] = session id.
 */
const READ_LIVE_SESSION = `
local session = redis.call('HGETALL', KEYS[1])
if #session == 0 then return false end
local fields = toMap(session)
if isPast(fields.expiresAt, ARGV[2]) or isPast(fields.idleExpiresAt, ARGV[2]) then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', ARGV[1] .. fields.userId, ARGV[3])
  return false
end
`

/**
 * Stores a session (replacing one with the same id, whoever owned it), lets Redis evict it at
 * its deadline (`PEXPIREAT`, the earlier of `expiresAt` and `idleExpiresAt`), and adds its id
 * to the owner's session set.
 *
 * KEYS: session hash, owner's session set.
 * ARGV: session-set key prefix, session id, deadline (epoch ms), expiresAt (epoch ms), then
 * the hash's field/value pairs.
 */
export const CREATE_SESSION = luaScript(
  'createSession',
  `
local previousOwner = redis.call('HGET', KEYS[1], 'userId')
if previousOwner then
  redis.call('SREM', ARGV[1] .. previousOwner, ARGV[2])
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
addToIndex(KEYS[2], ARGV[2], ARGV[4])
return 1
`,
)

/**
 * The live session and its user, as `{ session hash, user hash }`, or nil when the session is
 * missing, expired at `now` (then deleted) or its user is missing. One round trip.
 *
 * KEYS: session hash. ARGV: session-set key prefix, now (epoch ms), session id, user-hash key prefix.
 */
export const GET_SESSION_AND_USER = luaScript(
  'getSessionAndUser',
  `${READ_LIVE_SESSION}
local user = redis.call('HGETALL', ARGV[4] .. fields.userId)
if #user == 0 then return false end
return { session, user }
`,
)

/**
 * The live session's hash, or nil when missing or expired at `now` (then deleted).
 *
 * KEYS: session hash. ARGV: session-set key prefix, now (epoch ms), session id.
 */
export const GET_SESSION = luaScript('getSession', `${READ_LIVE_SESSION}\nreturn session\n`)

/**
 * Records activity: sets `lastSeenAt` and `idleExpiresAt` and moves the eviction deadline to
 * the earlier of `expiresAt` and the new idle deadline. Does nothing for a missing session.
 *
 * KEYS: session hash. ARGV: lastSeenAt, idleExpiresAt (epoch ms).
 */
export const TOUCH_SESSION = luaScript(
  'touchSession',
  `
local expiresAt = redis.call('HGET', KEYS[1], 'expiresAt')
if not expiresAt then return 0 end
local deadline = ARGV[2]
if tonumber(expiresAt) < tonumber(ARGV[2]) then deadline = expiresAt end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1], 'idleExpiresAt', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], deadline)
return 1
`,
)

/**
 * The hashes of the user's live sessions at `now`. Drops from the set the ids whose session is
 * gone (evicted by Redis) or no longer theirs, and deletes the sessions expired at `now`.
 *
 * KEYS: user's session set. ARGV: session key prefix, now (epoch ms), user id.
 */
export const LIST_USER_SESSIONS = luaScript(
  'listUserSessions',
  `
local live, stale, expired = {}, {}, {}
for _, sessionId in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local sessionKey = ARGV[1] .. sessionId
  local session = redis.call('HGETALL', sessionKey)
  local fields = toMap(session)
  if #session == 0 or fields.userId ~= ARGV[3] then
    stale[#stale + 1] = sessionId
  elseif isPast(fields.expiresAt, ARGV[2]) or isPast(fields.idleExpiresAt, ARGV[2]) then
    stale[#stale + 1] = sessionId
    expired[#expired + 1] = sessionKey
  else
    live[#live + 1] = session
  end
end
for _, sessionKey in ipairs(expired) do redis.call('DEL', sessionKey) end
for _, sessionId in ipairs(stale) do redis.call('SREM', KEYS[1], sessionId) end
return live
`,
)

/**
 * Deletes a session if it belongs to the user. Replies 1 if it did, else 0.
 *
 * KEYS: session hash, user's session set. ARGV: user id, session id.
 */
export const DELETE_USER_SESSION = luaScript(
  'deleteUserSession',
  `
if redis.call('HGET', KEYS[1], 'userId') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[2])
return 1
`,
)

/**
 * Deletes a session whoever owns it, and its entry in the owner's set. Replies 1 if it existed.
 *
 * KEYS: session hash. ARGV: session-set key prefix, session id.
 */
export const DELETE_SESSION = luaScript(
  'deleteSession',
  `
local owner = redis.call('HGET', KEYS[1], 'userId')
if not owner then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. owner, ARGV[2])
return 1
`,
)

/**
 * Deletes every session in the user's set (still theirs) except one, and replies how many
 * existed. Sessions Redis already evicted are not counted.
 *
 * KEYS: user's session set. ARGV: session key prefix, user id, [session id to keep].
 */
export const DELETE_USER_SESSIONS = luaScript(
  'deleteUserSessions',
  `
local keep = ARGV[3]
local owned, listed = {}, {}
for _, sessionId in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if sessionId ~= keep then
    listed[#listed + 1] = sessionId
    local sessionKey = ARGV[1] .. sessionId
    if redis.call('HGET', sessionKey, 'userId') == ARGV[2] then owned[#owned + 1] = sessionKey end
  end
end
local deleted = 0
for _, sessionKey in ipairs(owned) do deleted = deleted + redis.call('DEL', sessionKey) end
for _, sessionId in ipairs(listed) do redis.call('SREM', KEYS[1], sessionId) end
return deleted
`,
)
