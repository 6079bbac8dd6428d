import { luaScript } from './lua.js'

/**
 * Helpers of the scripts that delete refresh tokens, split into a reading half and a writing
 * half so that a script reads and checks everything before its first write.
 *
 * - `readFamily(familyKey, refreshPrefix, familyId)`: the keys of the tokens listed in the
 *   family's set that still belong to the family, and the set of their owners' ids.
 * - `deleteFamily(familyKey, familyId, tokenKeys, owners, userSetPrefix)`: deletes those
 *   tokens and the family's set, removes the family from each owner's set, replies how many
 *   tokens it deleted.
 * - `readUserRefreshTokens(userSetKey, refreshPrefix, familyPrefix, userId)`: the keys of the
 *   user's tokens (across the families in the user's set), and the `{ familyKey, hash }`
 *   entries to remove from the family sets (the user's tokens and those Redis evicted).
 * - `deleteUserRefreshTokens(userSetKey, tokenKeys, entries)`: deletes those tokens, removes
 *   the entries (a set left empty is gone), deletes the user's set, replies how many tokens
 *   it deleted.
 */
export const REFRESH_TOKEN_HELPERS = `
local function readFamily(familyKey, refreshPrefix, familyId)
  local tokenKeys, owners = {}, {}
  for _, hash in ipairs(redis.call('SMEMBERS', familyKey)) do
    local tokenKey = refreshPrefix .. hash
    local stored = redis.call('HMGET', tokenKey, 'userId', 'familyId')
    if stored[2] == familyId then
      tokenKeys[#tokenKeys + 1] = tokenKey
      owners[stored[1]] = true
    end
  end
  return tokenKeys, owners
end
local function deleteFamily(familyKey, familyId, tokenKeys, owners, userSetPrefix)
  local deleted = 0
  for _, tokenKey in ipairs(tokenKeys) do deleted = deleted + redis.call('DEL', tokenKey) end
  redis.call('DEL', familyKey)
  for owner in pairs(owners) do redis.call('SREM', userSetPrefix .. owner, familyId) end
  return deleted
end
local function readUserRefreshTokens(userSetKey, refreshPrefix, familyPrefix, userId)
  local tokenKeys, entries = {}, {}
  for _, familyId in ipairs(redis.call('SMEMBERS', userSetKey)) do
    local familyKey = familyPrefix .. familyId
    for _, hash in ipairs(redis.call('SMEMBERS', familyKey)) do
      local tokenKey = refreshPrefix .. hash
      local stored = redis.call('HMGET', tokenKey, 'userId', 'familyId')
      if stored[1] == userId and stored[2] == familyId then
        tokenKeys[#tokenKeys + 1] = tokenKey
        entries[#entries + 1] = { familyKey, hash }
      elseif not stored[1] then
        entries[#entries + 1] = { familyKey, hash }
      end
    end
  end
  return tokenKeys, entries
end
local function deleteUserRefreshTokens(userSetKey, tokenKeys, entries)
  local deleted = 0
  for _, tokenKey in ipairs(tokenKeys) do deleted = deleted + redis.call('DEL', tokenKey) end
  for _, entry in ipairs(entries) do redis.call('SREM', entry[1], entry[2]) end
  redis.call('DEL', userSetKey)
  return deleted
end
`

/**
 * Stores a refresh token (replacing one with the same hash, which leaves its family), lets
 * Redis evict it when its family ends (`PEXPIREAT familyExpiresAt`: a spent token must outlive
 * its own expiry, to be recognised as reuse), and lists it in its family's set and the family
 * in its owner's set.
 *
 * KEYS: token hash, family set, owner's family set.
 * ARGV: family-set key prefix, token hash, family id, familyExpiresAt (epoch ms), then the
 * hash's field/value pairs.
 */
export const CREATE_REFRESH_TOKEN = luaScript(
  'createRefreshToken',
  `
local previousFamily = redis.call('HGET', KEYS[1], 'familyId')
if previousFamily then
  redis.call('SREM', ARGV[1] .. previousFamily, ARGV[2])
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
addToIndex(KEYS[2], ARGV[2], ARGV[4])
addToIndex(KEYS[3], ARGV[3], ARGV[4])
return 1
`,
)

/**
 * Rotation with reuse detection (RFC 9700 §4.14.2), in one atomic step. Replies nil, writing
 * nothing, when the token is missing or its family has ended at `now`. A spent token is reuse
 * (until its family ends, whatever its own `expiresAt`): its whole family is deleted (every
 * token, spent or live, the family's set, the family in its owners' sets), and the reply is
 * `{ 'reused', token hash }`. A live token past its own `expiresAt` gets nil, nothing written.
 * Otherwise the token is marked spent (`spentAt = now`, kept until its family ends) and the
 * next token stored in its family (the caller's family id is not read), and the reply is
 * `{ 'rotated', token hash as it was before }`. Of concurrent callers with the same token
 * exactly one rotates.
 *
 * KEYS: presented token's hash.
 * ARGV: token key prefix, family-set key prefix, user family-set key prefix, now (epoch ms),
 * next token hash, next userId, next familyExpiresAt (epoch ms), then the next token's
 * field/value pairs without `familyId`.
 */
export const ROTATE_REFRESH_TOKEN = luaScript(
  'rotateRefreshToken',
  `${REFRESH_TOKEN_HELPERS}
local refreshPrefix, familyPrefix, userSetPrefix, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local token = redis.call('HGETALL', KEYS[1])
if #token == 0 then return false end
local fields = toMap(token)
if isPast(fields.familyExpiresAt, now) then return false end
local familyId = fields.familyId
local familyKey = familyPrefix .. familyId
if fields.spentAt then
  local tokenKeys, owners = readFamily(familyKey, refreshPrefix, familyId)
  tokenKeys[#tokenKeys + 1] = KEYS[1]
  owners[fields.userId] = true
  deleteFamily(familyKey, familyId, tokenKeys, owners, userSetPrefix)
  return { 'reused', token }
end
if isPast(fields.expiresAt, now) then return false end
local nextHash, nextUserId, nextDeadline = ARGV[5], ARGV[6], ARGV[7]
local nextKey = refreshPrefix .. nextHash
local replacedFamily = redis.call('HGET', nextKey, 'familyId')
redis.call('HSET', KEYS[1], 'spentAt', now)
if replacedFamily then
  redis.call('SREM', familyPrefix .. replacedFamily, nextHash)
  redis.call('DEL', nextKey)
end
redis.call('HSET', nextKey, 'familyId', familyId, unpack(ARGV, 8))
redis.call('PEXPIREAT', nextKey, nextDeadline)
addToIndex(familyKey, nextHash, nextDeadline)
addToIndex(userSetPrefix .. nextUserId, familyId, nextDeadline)
return { 'rotated', token }
`,
)

/**
 * The live token's hash: nil when missing, spent, or it or its family has expired at `now`.
 * A token that can no longer be used or recognised (its family has ended, or it is unspent and
 * past its own `expiresAt`) is deleted and leaves its family's set (the family leaves its
 * owner's set when that empties it). A spent token stays until its family ends, for reuse
 * detection.
 *
 * KEYS: token hash. ARGV: family-set key prefix, user family-set key prefix, now (epoch ms),
 * token hash.
 */
export const GET_REFRESH_TOKEN = luaScript(
  'getRefreshToken',
  `
local token = redis.call('HGETALL', KEYS[1])
if #token == 0 then return false end
local fields = toMap(token)
local now = ARGV[3]
local familyOver = isPast(fields.familyExpiresAt, now)
local ownExpired = isPast(fields.expiresAt, now)
if not fields.spentAt and not familyOver and not ownExpired then return token end
if familyOver or (not fields.spentAt and ownExpired) then
  local familyKey, userSetKey = ARGV[1] .. fields.familyId, ARGV[2] .. fields.userId
  redis.call('DEL', KEYS[1])
  redis.call('SREM', familyKey, ARGV[4])
  if redis.call('EXISTS', familyKey) == 0 then redis.call('SREM', userSetKey, fields.familyId) end
end
return false
`,
)

/**
 * Deletes every token of a family, its set, and the family in its owners' sets. Replies how
 * many tokens it deleted (tokens Redis already evicted are not counted).
 *
 * KEYS: family set. ARGV: token key prefix, user family-set key prefix, family id.
 */
export const DELETE_REFRESH_TOKEN_FAMILY = luaScript(
  'deleteRefreshTokenFamily',
  `${REFRESH_TOKEN_HELPERS}
local tokenKeys, owners = readFamily(KEYS[1], ARGV[1], ARGV[3])
return deleteFamily(KEYS[1], ARGV[3], tokenKeys, owners, ARGV[2])
`,
)

/**
 * Deletes every refresh token of the user (in every family of the user's set) and the user's
 * set. Replies how many tokens it deleted (tokens Redis already evicted are not counted).
 *
 * KEYS: user's family set. ARGV: token key prefix, family-set key prefix, user id.
 */
export const DELETE_USER_REFRESH_TOKENS = luaScript(
  'deleteUserRefreshTokens',
  `${REFRESH_TOKEN_HELPERS}
local tokenKeys, entries = readUserRefreshTokens(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
return deleteUserRefreshTokens(KEYS[1], tokenKeys, entries)
`,
)
