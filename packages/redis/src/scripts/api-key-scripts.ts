import { luaScript } from './lua.js'

/**
 * Helpers shared with `deleteUser`, split into a reading and a writing half so that a script
 * reads and checks everything before its first write.
 *
 * - `readUserApiKeys(userSetKey, apiKeyPrefix, userId)`: `{ key, keyHash, id }` of each key
 *   in the user's set that is still theirs.
 * - `deleteApiKeys(keys, hashIndexPrefix)`: deletes those keys and their hash index keys (if
 *   they still name them).
 */
export const API_KEY_HELPERS = `
local function readUserApiKeys(userSetKey, apiKeyPrefix, userId)
  local owned = {}
  for _, id in ipairs(redis.call('SMEMBERS', userSetKey)) do
    local apiKey = apiKeyPrefix .. id
    local stored = redis.call('HMGET', apiKey, 'userId', 'keyHash')
    if stored[1] == userId then owned[#owned + 1] = { apiKey, stored[2], id } end
  end
  return owned
end
local function deleteApiKeys(keys, hashIndexPrefix)
  for _, key in ipairs(keys) do
    redis.call('DEL', key[1])
    if key[2] then release(hashIndexPrefix .. key[2], key[3]) end
  end
end
`

/**
 * Stores an API key (replacing one with the same id, whoever owned it), names it from its key
 * hash's index key, adds its id to the owner's set, and lets Redis evict the key and its index
 * key at `expiresAt` when it has one. The owner's set lives as long as its longest-lived key
 * (for ever once it holds a key without expiry).
 *
 * KEYS: key hash, hash index key, owner's key set.
 * ARGV: key-set key prefix, hash index key prefix, id, expiresAt (epoch ms, or empty for
 * never), then the hash's field/value pairs.
 */
export const CREATE_API_KEY = luaScript(
  'createApiKey',
  `
local id, expiresAt = ARGV[3], ARGV[4]
local previous = redis.call('HMGET', KEYS[1], 'userId', 'keyHash')
if previous[1] then
  redis.call('SREM', ARGV[1] .. previous[1], id)
  if previous[2] then release(ARGV[2] .. previous[2], id) end
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('SET', KEYS[2], id)
if expiresAt == '' then
  redis.call('SADD', KEYS[3], id)
  redis.call('PERSIST', KEYS[3])
else
  redis.call('PEXPIREAT', KEYS[1], expiresAt)
  redis.call('PEXPIREAT', KEYS[2], expiresAt)
  addToIndex(KEYS[3], id, expiresAt)
end
return 1
`,
)

/**
 * The key with this hash and its user, as `{ key hash, user hash }`, or nil when the key is
 * missing, expired at `now` (then deleted with its index entries) or its user is missing. One
 * round trip.
 *
 * KEYS: hash index key.
 * ARGV: API key hash prefix, user hash prefix, key-set key prefix, key hash, now (epoch ms).
 */
export const GET_API_KEY_AND_USER = luaScript(
  'getApiKeyAndUser',
  `
local id = redis.call('GET', KEYS[1])
if not id then return false end
local apiKey = redis.call('HGETALL', ARGV[1] .. id)
if #apiKey == 0 then return false end
local fields = toMap(apiKey)
if fields.keyHash ~= ARGV[4] then return false end
if fields.expiresAt and isPast(fields.expiresAt, ARGV[5]) then
  redis.call('DEL', ARGV[1] .. id, KEYS[1])
  redis.call('SREM', ARGV[3] .. fields.userId, id)
  return false
end
local user = redis.call('HGETALL', ARGV[2] .. fields.userId)
if #user == 0 then return false end
return { apiKey, user }
`,
)

/**
 * The hashes of the user's unexpired keys at `now`. Drops from the set the ids whose key is
 * gone (evicted by Redis) or no longer theirs, and deletes the keys expired at `now` with
 * their hash index keys.
 *
 * KEYS: user's key set. ARGV: API key hash prefix, hash index key prefix, now (epoch ms), user id.
 */
export const LIST_USER_API_KEYS = luaScript(
  'listUserApiKeys',
  `
local live, stale, expired = {}, {}, {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local apiKey = redis.call('HGETALL', ARGV[1] .. id)
  local fields = toMap(apiKey)
  if #apiKey == 0 or fields.userId ~= ARGV[4] then
    stale[#stale + 1] = id
  elseif fields.expiresAt and isPast(fields.expiresAt, ARGV[3]) then
    stale[#stale + 1] = id
    expired[#expired + 1] = { ARGV[1] .. id, fields.keyHash, id }
  else
    live[#live + 1] = apiKey
  end
end
for _, key in ipairs(expired) do
  redis.call('DEL', key[1])
  release(ARGV[2] .. key[2], key[3])
end
for _, id in ipairs(stale) do redis.call('SREM', KEYS[1], id) end
return live
`,
)

/**
 * Deletes a key if it belongs to the user, with its hash index key and its entry in the
 * user's set. Replies 1 if it did, else 0.
 *
 * KEYS: API key hash, user's key set. ARGV: hash index key prefix, user id, id.
 */
export const DELETE_USER_API_KEY = luaScript(
  'deleteUserApiKey',
  `
local stored = redis.call('HMGET', KEYS[1], 'userId', 'keyHash')
if stored[1] ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
if stored[2] then release(ARGV[1] .. stored[2], ARGV[3]) end
redis.call('SREM', KEYS[2], ARGV[3])
return 1
`,
)

/**
 * Deletes every key of the user, with their hash index keys, and the user's set. Replies how
 * many keys it deleted. Reads everything before the first write.
 *
 * KEYS: user's key set. ARGV: API key hash prefix, hash index key prefix, user id.
 */
export const DELETE_USER_API_KEYS = luaScript(
  'deleteUserApiKeys',
  `${API_KEY_HELPERS}
local apiKeys = readUserApiKeys(KEYS[1], ARGV[1], ARGV[3])
deleteApiKeys(apiKeys, ARGV[2])
redis.call('DEL', KEYS[1])
return #apiKeys
`,
)

/**
 * Records a use: sets `lastUsedAt`. Does nothing for a missing key.
 *
 * KEYS: API key hash. ARGV: lastUsedAt (epoch ms).
 */
export const TOUCH_API_KEY = luaScript(
  'touchApiKey',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1])
return 1
`,
)
