/**
 * The key layout under a prefix (default `portcullis:`). Every key a script touches is named
 * here or rebuilt inside the script from the same prefix and the same namespaces.
 *
 * | key                              | type       | holds                                     |
 * | -------------------------------- | ---------- | ----------------------------------------- |
 * | `user:<id>`                      | hash       | the user record                           |
 * | `users`                          | sorted set | every user id, score 0 (lexicographic)     |
 * | `email:<emailKey>`               | string     | the id owning this email key              |
 * | `username:<usernameKey>`         | string     | the id owning this username key           |
 * | `session:<id>`                   | hash       | the session record, PEXPIREAT its deadline |
 * | `user-sessions:<userId>`         | set        | the user's session ids                    |
 * | `token:<purpose>:<tokenHash>`    | hash       | the one-time token, PEXPIREAT `expiresAt` |
 * | `user-tokens:<userId>`           | set        | the user's token refs `<purpose>:<hash>`  |
 * | `ratelimit:<key>`                | hash       | `count` and `resetAt`, PEXPIREAT `resetAt` |
 * | `refresh:<tokenHash>`            | hash       | the refresh token, PEXPIREAT `familyExpiresAt` |
 * | `refresh-family:<familyId>`      | set        | the family's token hashes, spent and live |
 * | `user-refresh:<userId>`          | set        | the user's refresh-token family ids       |
 * | `apikey:<id>`                    | hash       | the API key, PEXPIREAT `expiresAt` if any |
 * | `apikey-hash:<keyHash>`          | string     | the id of the key with this hash          |
 * | `user-apikeys:<userId>`          | set        | the user's API key ids                    |
 * | `totp:<userId>`                  | hash       | the user's TOTP factor (sealed secret)    |
 * | `backup-codes:<userId>`          | set        | the user's unused backup-code hashes      |
 * | `passkey:<id>`                   | hash       | the passkey                               |
 * | `passkey-credential:<credentialId>` | string  | the id of the passkey with this credential id |
 * | `user-passkeys:<userId>`         | set        | the user's passkey ids                    |
 *
 * Each variable part is the last segment of its key, so it needs no escaping, except the
 * token's purpose, which is followed by the hash: its `%` and `:` are percent-encoded.
 */
export interface KeyLayout {
  /** The prefix every key starts with. */
  readonly prefix: string
  /** The hash of the user `id` (with `''`: the prefix of every user hash, for the scripts). */
  user(id: string): string
  /** The sorted set of every user id. */
  readonly users: string
  /** The unique index key of an email key (with `''`: the prefix of every such key). */
  emailIndex(emailKey: string): string
  /** The unique index key of a username key (with `''`: the prefix of every such key). */
  usernameIndex(usernameKey: string): string
  /** The hash of the session `id` (with `''`: the prefix of every session hash). */
  session(id: string): string
  /** The set of the user's session ids (with `''`: the prefix of every such set). */
  userSessions(userId: string): string
  /** The reference of a token inside `user-tokens:<userId>`: `<purpose>:<tokenHash>`. */
  tokenRef(purpose: string, tokenHash: string): string
  /** The hash of the token with this purpose and hash. */
  token(purpose: string, tokenHash: string): string
  /** The token hash of a reference from a `user-tokens` set (with `''`: the prefix of every token hash). */
  tokenByRef(ref: string): string
  /** The set of the user's token references (with `''`: the prefix of every such set). */
  userTokens(userId: string): string
  /** The counter hash of a rate-limit key. */
  rateLimit(key: string): string
  /** The hash of the refresh token with this hash (with `''`: the prefix of every such hash). */
  refreshToken(tokenHash: string): string
  /** The set of a family's token hashes (with `''`: the prefix of every such set). */
  refreshFamily(familyId: string): string
  /** The set of the user's refresh-token family ids (with `''`: the prefix of every such set). */
  userRefreshFamilies(userId: string): string
  /** The hash of the API key `id` (with `''`: the prefix of every such hash). */
  apiKey(id: string): string
  /** The index key naming the API key with this key hash (with `''`: the prefix of every such key). */
  apiKeyByHash(keyHash: string): string
  /** The set of the user's API key ids (with `''`: the prefix of every such set). */
  userApiKeys(userId: string): string
  /** The hash of the user's TOTP factor (with `''`: the prefix of every such hash). */
  totpFactor(userId: string): string
  /** The set of the user's backup-code hashes (with `''`: the prefix of every such set). */
  backupCodes(userId: string): string
  /** The hash of the passkey `id` (with `''`: the prefix of every such hash). */
  passkey(id: string): string
  /** The unique index key naming the passkey with this credential id (with `''`: the prefix). */
  passkeyByCredential(credentialId: string): string
  /** The set of the user's passkey ids (with `''`: the prefix of every such set). */
  userPasskeys(userId: string): string
}

/** Namespaces shared with the Lua scripts, which rebuild keys from the prefix. */
export const NAMESPACE = {
  user: 'user:',
  users: 'users',
  email: 'email:',
  username: 'username:',
  session: 'session:',
  userSessions: 'user-sessions:',
  token: 'token:',
  userTokens: 'user-tokens:',
  rateLimit: 'ratelimit:',
  refreshToken: 'refresh:',
  refreshFamily: 'refresh-family:',
  userRefreshFamilies: 'user-refresh:',
  apiKey: 'apikey:',
  apiKeyByHash: 'apikey-hash:',
  userApiKeys: 'user-apikeys:',
  totpFactor: 'totp:',
  backupCodes: 'backup-codes:',
  passkey: 'passkey:',
  passkeyByCredential: 'passkey-credential:',
  userPasskeys: 'user-passkeys:',
} as const

/**
 * The key layout under `prefix`.
 *
 * @param prefix - what every key starts with, e.g. `portcullis:`
 * @returns the functions naming each key
 */
export function createKeyLayout(prefix: string): KeyLayout {
  const tokenRef = (purpose: string, tokenHash: string): string => `${escapeSegment(purpose)}:${tokenHash}`
  return {
    prefix,
    user: (id) => `${prefix}${NAMESPACE.user}${id}`,
    users: `${prefix}${NAMESPACE.users}`,
    emailIndex: (emailKey) => `${prefix}${NAMESPACE.email}${emailKey}`,
    usernameIndex: (usernameKey) => `${prefix}${NAMESPACE.username}${usernameKey}`,
    session: (id) => `${prefix}${NAMESPACE.session}${id}`,
    userSessions: (userId) => `${prefix}${NAMESPACE.userSessions}${userId}`,
    tokenRef,
    token: (purpose, tokenHash) => `${prefix}${NAMESPACE.token}${tokenRef(purpose, tokenHash)}`,
    tokenByRef: (ref) => `${prefix}${NAMESPACE.token}${ref}`,
    userTokens: (userId) => `${prefix}${NAMESPACE.userTokens}${userId}`,
    rateLimit: (key) => `${prefix}${NAMESPACE.rateLimit}${key}`,
    refreshToken: (tokenHash) => `${prefix}${NAMESPACE.refreshToken}${tokenHash}`,
    refreshFamily: (familyId) => `${prefix}${NAMESPACE.refreshFamily}${familyId}`,
    userRefreshFamilies: (userId) => `${prefix}${NAMESPACE.userRefreshFamilies}${userId}`,
    apiKey: (id) => `${prefix}${NAMESPACE.apiKey}${id}`,
    apiKeyByHash: (keyHash) => `${prefix}${NAMESPACE.apiKeyByHash}${keyHash}`,
    userApiKeys: (userId) => `${prefix}${NAMESPACE.userApiKeys}${userId}`,
    totpFactor: (userId) => `${prefix}${NAMESPACE.totpFactor}${userId}`,
    backupCodes: (userId) => `${prefix}${NAMESPACE.backupCodes}${userId}`,
    passkey: (id) => `${prefix}${NAMESPACE.passkey}${id}`,
    passkeyByCredential: (credentialId) => `${prefix}${NAMESPACE.passkeyByCredential}${credentialId}`,
    userPasskeys: (userId) => `${prefix}${NAMESPACE.userPasskeys}${userId}`,
  }
}

/** `segment` with `%` and `:` percent-encoded, so that it cannot run into the next segment. */
function escapeSegment(segment: string): string {
  return segment.replaceAll('%', '%25').replaceAll(':', '%3A')
}
