import { luaScript } from './lua.js'

/**
 * Helpers shared with `deleteUser`, split into a reading and a writing half so that a script
 * reads and checks everything before its first write.
 *
 * - `readUserPasskeys(userSetKey, passkeyPrefix, userId)`: `{ key, credentialId, id }` of each
 *   passkey in the user's set that is still theirs.
 * - `deletePasskeys(passkeys, credentialPrefix)`: deletes those passkeys and their credential
 *   index keys (if they still name them).
 */
export const PASSKEY_HELPERS = `
local function readUserPasskeys(userSetKey, passkeyPrefix, userId)
  local owned = {}
  for _, id in ipairs(redis.call('SMEMBERS', userSetKey)) do
    local passkey = passkeyPrefix .. id
    local stored = redis.call('HMGET', passkey, 'userId', 'credentialId')
    if stored[1] == userId then owned[#owned + 1] = { passkey, stored[2], id } end
  end
  return owned
end
local function deletePasskeys(passkeys, credentialPrefix)
  for _, passkey in ipairs(passkeys) do
    redis.call('DEL', passkey[1])
    if passkey[2] then release(credentialPrefix .. passkey[2], passkey[3]) end
  end
end
`

/**
 * Stores a passkey if its credential id is free: claims the credential index key, writes the
 * hash (replacing a passkey with the same id, whoever owned it, and freeing that one's
 * credential id), adds the id to the owner's set. Replies `credentialId` when the credential id
 * is registered to anyone, having written nothing; `ok` otherwise. Passkeys never expire.
 *
 * KEYS: passkey hash, credential index key, owner's passkey set.
 * ARGV: passkey-set key prefix, credential index prefix, id, then the hash's field/value pairs.
 */
export const CREATE_PASSKEY = luaScript(
  'createPasskey',
  `
local id = ARGV[3]
if redis.call('EXISTS', KEYS[2]) == 1 then return 'credentialId' end
local previous = redis.call('HMGET', KEYS[1], 'userId', 'credentialId')
if previous[1] then redis.call('SREM', ARGV[1] .. previous[1], id) end
if previous[2] then release(ARGV[2] .. previous[2], id) end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], id)
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('SADD', KEYS[3], id)
return 'ok'
`,
)

/**
 * The passkey with this credential id and its user, as `{ passkey hash, user hash }`, or nil
 * when either is missing. One round trip.
 *
 * KEYS: credential index key. ARGV: passkey hash prefix, user hash prefix, credential id.
 */
export const GET_PASSKEY_AND_USER = luaScript(
  'getPasskeyAndUser',
  `
local id = redis.call('GET', KEYS[1])
if not id then return false end
local passkey = redis.call('HGETALL', ARGV[1] .. id)
if #passkey == 0 then return false end
local fields = toMap(passkey)
if fields.credentialId ~= ARGV[3] or not fields.userId then return false end
local user = redis.call('HGETALL', ARGV[2] .. fields.userId)
if #user == 0 then return false end
return { passkey, user }
`,
)

/**
 * The hashes of the user's passkeys (in set order: the caller sorts). Drops from the set the ids
 * whose passkey is gone or no longer theirs.
 *
 * KEYS: user's passkey set. ARGV: passkey hash prefix, user id.
 */
export const LIST_USER_PASSKEYS = luaScript(
  'listUserPasskeys',
  `
local live, stale = {}, {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local passkey = redis.call('HGETALL', ARGV[1] .. id)
  if #passkey == 0 or toMap(passkey).userId ~= ARGV[2] then
    stale[#stale + 1] = id
  else
    live[#live + 1] = passkey
  end
end
for _, id in ipairs(stale) do redis.call('SREM', KEYS[1], id) end
return live
`,
)

/**
 * Deletes a passkey if it belongs to the user, with its credential index key and its entry in
 * the user's set. Replies 1 if it did, else 0.
 *
 * KEYS: passkey hash, user's passkey set. ARGV: credential index prefix, user id, id.
 */
export const DELETE_USER_PASSKEY = luaScript(
  'deleteUserPasskey',
  `
local stored = redis.call('HMGET', KEYS[1], 'userId', 'credentialId')
if stored[1] ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
if stored[2] then release(ARGV[1] .. stored[2], ARGV[3]) end
redis.call('SREM', KEYS[2], ARGV[3])
return 1
`,
)

/**
 * Compare-and-set of the signature counter: sets `signCount` and `lastUsedAt` only if the
 * stored `signCount` equals the expected one (both canonical decimal integers, compared as
 * strings, so exactly). Replies 1 if it wrote, else 0 (also for a missing passkey).
 *
 * KEYS: passkey hash. ARGV: expected sign count, new sign count, lastUsedAt (epoch ms).
 */
export const RECORD_PASSKEY_USE = luaScript(
  'recordPasskeyUse',
  `
if redis.call('HGET', KEYS[1], 'signCount') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'signCount', ARGV[2], 'lastUsedAt', ARGV[3])
return 1
`,
)
