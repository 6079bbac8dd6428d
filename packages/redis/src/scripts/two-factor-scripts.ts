import { luaScript } from './lua.js'
import { PASSKEY_HELPERS } from './passkey-scripts.js'

/**
 * Stores the user's TOTP factor, replacing any (one per user): the old hash is deleted first,
 * so no field of it survives.
 *
 * KEYS: factor hash. ARGV: the hash's field/value pairs.
 */
export const PUT_TOTP_FACTOR = luaScript(
  'putTotpFactor',
  `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`,
)

/**
 * The factor's hash (`HGETALL`), empty when there is none.
 *
 * KEYS: factor hash.
 */
export const GET_TOTP_FACTOR = luaScript('getTotpFactor', `return redis.call('HGETALL', KEYS[1])`)

/**
 * Compare-and-set of the last accepted time step. Writes only if the factor exists, its sealed
 * secret is still the expected one, the step is above `lastUsedStep` (or none was used), and
 * the factor is enabled, or `enabledAt` is given (then a pending factor becomes enabled at it;
 * an enabled one keeps its first `enabledAt`). Steps are compared as numbers: Lua numbers are
 * doubles, exact for integers below 2^53, which bounds every step. The step is stored as the
 * decimal string the caller sent. Replies 1 if it wrote, else 0.
 *
 * KEYS: factor hash. ARGV: sealed secret, step (decimal), enabledAt (epoch ms, or empty).
 */
export const ACCEPT_TOTP_STEP = luaScript(
  'acceptTotpStep',
  `
local stored = redis.call('HMGET', KEYS[1], 'sealedSecret', 'enabled', 'lastUsedStep')
if stored[1] ~= ARGV[1] then return 0 end
local confirming = stored[2] ~= '1'
if confirming and ARGV[3] == '' then return 0 end
local step = tonumber(ARGV[2])
if not step then return redis.error_reply('acceptTotpStep: step is not a number') end
if stored[3] then
  local last = tonumber(stored[3])
  if not last then return redis.error_reply('acceptTotpStep: stored lastUsedStep is not a number') end
  if step <= last then return 0 end
end
if confirming then
  redis.call('HSET', KEYS[1], 'lastUsedStep', ARGV[2], 'enabled', '1', 'enabledAt', ARGV[3])
else
  redis.call('HSET', KEYS[1], 'lastUsedStep', ARGV[2])
end
return 1
`,
)

/**
 * Deletes the factor. Replies 1 if there was one, else 0.
 *
 * KEYS: factor hash.
 */
export const DELETE_TOTP_FACTOR = luaScript('deleteTotpFactor', `return redis.call('DEL', KEYS[1])`)

/**
 * Replaces the user's backup-code hashes: deletes the set, then adds the new ones (in batches,
 * to stay within Lua's stack). No arguments leaves none.
 *
 * KEYS: backup-code set. ARGV: the code hashes.
 */
export const REPLACE_BACKUP_CODES = luaScript(
  'replaceBackupCodes',
  `
redis.call('DEL', KEYS[1])
for i = 1, #ARGV, 1000 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
return #ARGV
`,
)

/**
 * Consume-once of a backup code: `SREM` replies 1 for exactly one caller.
 *
 * KEYS: backup-code set. ARGV: code hash.
 */
export const CONSUME_BACKUP_CODE = luaScript(
  'consumeBackupCode',
  `return redis.call('SREM', KEYS[1], ARGV[1])`,
)

/**
 * How many codes the set holds (`SCARD`, 0 when there is none).
 *
 * KEYS: backup-code set.
 */
export const COUNT_BACKUP_CODES = luaScript('countBackupCodes', `return redis.call('SCARD', KEYS[1])`)

/**
 * A user's second factors in one round trip: the factor's hash (empty when there is none), how
 * many passkeys in the user's set are still theirs (as `listUserPasskeys` counts them, without
 * its clean-up: this script only reads) and how many backup codes the set holds.
 *
 * KEYS: factor hash, user's passkey set, backup-code set. ARGV: passkey hash prefix, user id.
 */
export const GET_SECOND_FACTORS = luaScript(
  'getSecondFactors',
  `${PASSKEY_HELPERS}
local factor = redis.call('HGETALL', KEYS[1])
local passkeys = readUserPasskeys(KEYS[2], ARGV[1], ARGV[2])
return { factor, #passkeys, redis.call('SCARD', KEYS[3]) }
`,
)
