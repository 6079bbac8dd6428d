import { API_KEY_HELPERS } from './api-key-scripts.js'
import { luaScript } from './lua.js'
import { PASSKEY_HELPERS } from './passkey-scripts.js'
import { REFRESH_TOKEN_HELPERS } from './refresh-token-scripts.js'

/**
 * Inserts a user if its email and username keys are free: claims the index keys, writes the
 * hash, adds the id to the sorted set. Replies `email` or `username` on a clash (email first,
 * when both clash) and `id` when the id exists, having written nothing; `ok` otherwise.
 *
 * KEYS: user hash, users sorted set, email index, [username index].
 * ARGV: id, then the hash's field/value pairs.
 */
export const CREATE_USER = luaScript(
  'createUser',
  `
if redis.call('EXISTS', KEYS[3]) == 1 then return 'email' end
if KEYS[4] and redis.call('EXISTS', KEYS[4]) == 1 then return 'username' end
if redis.call('EXISTS', KEYS[1]) == 1 then return 'id' end
redis.call('SET', KEYS[3], ARGV[1])
if KEYS[4] then redis.call('SET', KEYS[4], ARGV[1]) end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 'ok'
`,
)

/**
 * The user's hash (`HGETALL`), empty when there is none.
 *
 * KEYS: user hash.
 */
export const GET_USER = luaScript('getUserById', `return redis.call('HGETALL', KEYS[1])`)

/**
 * The hash of the user a unique index key names, or nil.
 *
 * KEYS: email or username index. ARGV: the user-hash key prefix (`<prefix>user:`).
 */
export const GET_USER_BY_INDEX = luaScript(
  'getUserByIndex',
  `
local id = redis.call('GET', KEYS[1])
if not id then return false end
return redis.call('HGETALL', ARGV[1] .. id)
`,
)

/**
 * Applies a patch. Checks first that a new email or username key is free (or already this
 * user's), then moves the index keys and writes the hash, all in one atomic step. Replies nil
 * when there is no such user, `email` / `username` on a clash (nothing written), else the
 * updated hash.
 *
 * KEYS: user hash.
 * ARGV: email index prefix, username index prefix, id, `1` if the email key changes or `0`,
 * the new email key, `keep` / `clear` / `set` for the username key, the new username key,
 * the number n of field/value pairs to set, the 2n pairs, then the fields to delete.
 */
export const UPDATE_USER = luaScript(
  'updateUser',
  `
local key = KEYS[1]
local emailPrefix, usernamePrefix, id = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', key) == 0 then return false end
local oldEmail = redis.call('HGET', key, 'emailKey')
local oldUsername = redis.call('HGET', key, 'usernameKey')
local newEmail = oldEmail
if ARGV[4] == '1' then newEmail = ARGV[5] end
local newUsername = oldUsername
if ARGV[6] == 'set' then newUsername = ARGV[7] elseif ARGV[6] == 'clear' then newUsername = false end
if newEmail ~= oldEmail then
  local owner = redis.call('GET', emailPrefix .. newEmail)
  if owner and owner ~= id then return 'email' end
end
if newUsername and newUsername ~= oldUsername then
  local owner = redis.call('GET', usernamePrefix .. newUsername)
  if owner and owner ~= id then return 'username' end
end
if newEmail ~= oldEmail then
  release(emailPrefix .. oldEmail, id)
  redis.call('SET', emailPrefix .. newEmail, id)
end
if newUsername ~= oldUsername then
  if oldUsername then release(usernamePrefix .. oldUsername, id) end
  if newUsername then redis.call('SET', usernamePrefix .. newUsername, id) end
end
local n = tonumber(ARGV[8])
if n > 0 then redis.call('HSET', key, unpack(ARGV, 9, 8 + 2 * n)) end
if #ARGV > 8 + 2 * n then redis.call('HDEL', key, unpack(ARGV, 9 + 2 * n)) end
return redis.call('HGETALL', key)
`,
)

/**
 * Compare-and-set of the password hash: writes only if the stored hash equals the expected
 * one. Replies 1 if it wrote, else 0.
 *
 * KEYS: user hash. ARGV: expected hash, new hash, updatedAt (epoch ms).
 */
export const REPLACE_PASSWORD_HASH = luaScript(
  'replacePasswordHash',
  `
if redis.call('HGET', KEYS[1], 'passwordHash') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'passwordHash', ARGV[2], 'updatedAt', ARGV[3])
return 1
`,
)

/**
 * Deletes a user and everything of theirs in one atomic step: each session, one-time token,
 * API key and passkey listed in the user's index sets (if still theirs) with the API keys' hash
 * index keys and the passkeys' credential index keys, every refresh token in the families of
 * the user's family set (if still theirs), the TOTP factor, the backup codes, the index sets,
 * the unique index keys, the id in the sorted set and the hash. Reads everything first, then
 * writes. Replies 1 if the user existed, else 0.
 *
 * KEYS: user hash, users sorted set, user's session set, user's token set, user's refresh
 * family set, user's API key set, TOTP factor hash, backup-code set, user's passkey set.
 * ARGV: session key prefix, token key prefix, email index prefix, username index prefix, id,
 * refresh token key prefix, refresh family-set key prefix, API key hash prefix, API key hash
 * index prefix, passkey hash prefix, passkey credential index prefix.
 */
export const DELETE_USER = luaScript(
  'deleteUser',
  `${REFRESH_TOKEN_HELPERS}${API_KEY_HELPERS}${PASSKEY_HELPERS}
local sessionPrefix, tokenPrefix, emailPrefix, usernamePrefix, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local refreshPrefix, familyPrefix, apiKeyPrefix, apiKeyHashPrefix = ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local passkeyPrefix, credentialPrefix = ARGV[10], ARGV[11]
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local emailKey = redis.call('HGET', KEYS[1], 'emailKey')
local usernameKey = redis.call('HGET', KEYS[1], 'usernameKey')
local owned = {}
for _, sessionId in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local sessionKey = sessionPrefix .. sessionId
  if redis.call('HGET', sessionKey, 'userId') == id then owned[#owned + 1] = sessionKey end
end
for _, ref in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  local tokenKey = tokenPrefix .. ref
  if redis.call('HGET', tokenKey, 'userId') == id then owned[#owned + 1] = tokenKey end
end
local refreshKeys, familyEntries = readUserRefreshTokens(KEYS[5], refreshPrefix, familyPrefix, id)
local apiKeys = readUserApiKeys(KEYS[6], apiKeyPrefix, id)
local passkeys = readUserPasskeys(KEYS[9], passkeyPrefix, id)
for _, ownedKey in ipairs(owned) do redis.call('DEL', ownedKey) end
deleteUserRefreshTokens(KEYS[5], refreshKeys, familyEntries)
deleteApiKeys(apiKeys, apiKeyHashPrefix)
deletePasskeys(passkeys, credentialPrefix)
if emailKey then release(emailPrefix .. emailKey, id) end
if usernameKey then release(usernamePrefix .. usernameKey, id) end
redis.call('DEL', KEYS[1], KEYS[3], KEYS[4], KEYS[6], KEYS[7], KEYS[8], KEYS[9])
redis.call('ZREM', KEYS[2], id)
return 1
`,
)

/**
 * Up to `limit` user hashes in id order, after the cursor when given (`ZRANGEBYLEX` over the
 * ids, all scored 0). With an email prefix, only users whose `emailKey` starts with it, and the
 * limit counts those: the ids are walked in order, in batches, until `limit` users match or the
 * ids run out. The prefix is compared byte for byte (`string.sub`), never as a pattern, so
 * `%`, `_`, `*`, `?`, `[` and `\` in it match only themselves.
 *
 * KEYS: users sorted set.
 * ARGV: user-hash key prefix, range start (`-` or `(<cursor>`), limit (`-1` for none), [email
 * prefix].
 */
export const LIST_USERS = luaScript(
  'listUsers',
  `
local userPrefix, start, limit, emailPrefix = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local users = {}
if not emailPrefix then
  for _, id in ipairs(redis.call('ZRANGEBYLEX', KEYS[1], start, '+', 'LIMIT', 0, limit)) do
    users[#users + 1] = redis.call('HGETALL', userPrefix .. id)
  end
  return users
end
local batch = 256
while true do
  local ids = redis.call('ZRANGEBYLEX', KEYS[1], start, '+', 'LIMIT', 0, batch)
  for _, id in ipairs(ids) do
    local userKey = userPrefix .. id
    local emailKey = redis.call('HGET', userKey, 'emailKey')
    if emailKey and string.sub(emailKey, 1, #emailPrefix) == emailPrefix then
      users[#users + 1] = redis.call('HGETALL', userKey)
      if limit >= 0 and #users >= limit then return users end
    end
  end
  if #ids < batch then return users end
  start = '(' .. ids[#ids]
end
`,
)
