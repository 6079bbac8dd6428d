import { luaScript } from './lua.js'

/**
 * Stores a one-time token (replacing one with the same purpose and hash, and removing that
 * one's reference from its owner's set), lets Redis evict it at `expiresAt` (`PEXPIREAT`) and
 * adds its reference to the owner's token set. A token bound to no user (no `userId` field, no
 * owner's set key) is indexed nowhere.
 *
 * KEYS: token hash, [owner's token set].
 * ARGV: token-set key prefix, token reference (`<purpose>:<hash>`), expiresAt (epoch ms), then
 * the hash's field/value pairs.
 */
export const CREATE_TOKEN = luaScript(
  'createToken',
  `
local previousOwner = redis.call('HGET', KEYS[1], 'userId')
if previousOwner then redis.call('SREM', ARGV[1] .. previousOwner, ARGV[2]) end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
if KEYS[2] then addToIndex(KEYS[2], ARGV[2], ARGV[3]) end
return 1
`,
)

/**
 * Consume-once: reads and deletes the token in one atomic step, so that of any number of
 * concurrent callers exactly one gets it. Checks the stored purpose and hash against the
 * requested ones (the key already encodes both: a second lock on the door). A token bound to no
 * user is in no user's set. A token expired at
 * `now` is deleted too, and the reply is nil; otherwise the reply is the token's hash.
 *
 * KEYS: token hash. ARGV: token-set key prefix, token reference, purpose, token hash, now (epoch ms).
 */
export const CONSUME_TOKEN = luaScript(
  'consumeToken',
  `
local token = redis.call('HGETALL', KEYS[1])
if #token == 0 then return false end
local fields = toMap(token)
if fields.purpose ~= ARGV[3] or fields.tokenHash ~= ARGV[4] then return false end
redis.call('DEL', KEYS[1])
if fields.userId then redis.call('SREM', ARGV[1] .. fields.userId, ARGV[2]) end
if isPast(fields.expiresAt, ARGV[5]) then return false end
return token
`,
)

/**
 * Deletes the user's tokens (of one purpose, when given) and replies how many existed. Tokens
 * Redis already evicted are not counted.
 *
 * KEYS: user's token set. ARGV: token key prefix, user id, [purpose].
 */
export const DELETE_USER_TOKENS = luaScript(
  'deleteUserTokens',
  `
local purpose = ARGV[3]
local owned, listed = {}, {}
for _, ref in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local tokenKey = ARGV[1] .. ref
  local fields = redis.call('HMGET', tokenKey, 'userId', 'purpose')
  if fields[1] ~= ARGV[2] then
    listed[#listed + 1] = ref
  elseif not purpose or fields[2] == purpose then
    listed[#listed + 1] = ref
    owned[#owned + 1] = tokenKey
  end
end
local deleted = 0
for _, tokenKey in ipairs(owned) do deleted = deleted + redis.call('DEL', tokenKey) end
for _, ref in ipairs(listed) do redis.call('SREM', KEYS[1], ref) end
return deleted
`,
)
