import type { Deps } from '../config/resolve-config.js'
import { randomToken } from '../crypto/random.js'
import { checkPasswordPolicy, normalizePassword } from '../password/index.js'
import type { UserRecord } from '../storage/types.js'

/** Checks a new password against the policy (before any hash runs), then hashes it. */
export async function hashNewPassword(
  deps: Deps,
  password: string,
  context: { email?: string; username?: string | null },
): Promise<string> {
  const normalized = await checkPasswordPolicy(password, deps.config.passwordPolicy, {
    email: context.email,
    username: context.username ?? undefined,
  })
  return deps.hasher.hash(normalized)
}

const dummyHashes = new WeakMap<Deps, Promise<string>>()

/**
 * A hash of a random password made with the current hasher, computed once per auth instance:
 * verifying against it for unknown users costs the same as a real verify (BF-5).
 */
function dummyHash(deps: Deps): Promise<string> {
  let hash = dummyHashes.get(deps)
  if (!hash) {
    hash = deps.hasher.hash(randomToken())
    dummyHashes.set(deps, hash)
    hash.catch(() => dummyHashes.delete(deps))
  }
  return hash
}

/**
 * Verifies `password` for `user`. When there is no user, or the user has no password, it
 * still runs one verify against a dummy hash so that timing does not tell which case it was.
 * Inputs over the byte cap are refused without hashing: no valid password is that long.
 */
export async function verifyUserPassword(
  deps: Deps,
  user: UserRecord | null,
  password: string,
): Promise<boolean> {
  if (exceedsBytes(password, deps.config.passwordPolicy.maxBytes)) return false
  const normalized = normalizePassword(password)
  if (!user?.passwordHash) {
    await deps.hasher.verify(await dummyHash(deps), normalized)
    return false
  }
  return deps.hasher.verify(user.passwordHash, normalized)
}

/** Rehashes after a successful verify when the stored hash is outdated; never overwrites a newer one. */
export async function rehashIfNeeded(deps: Deps, user: UserRecord, password: string): Promise<void> {
  if (!user.passwordHash || !deps.hasher.needsRehash(user.passwordHash)) return
  const fresh = await deps.hasher.hash(normalizePassword(password))
  await deps.storage.replacePasswordHash(user.id, user.passwordHash, fresh, deps.clock.now())
}

const encoder = new TextEncoder()
/** Whether `text` is longer than `maxBytes` in UTF-8, without encoding a huge string. */
function exceedsBytes(text: string, maxBytes: number): boolean {
  // Each UTF-16 unit is at least one UTF-8 byte.
  return text.length > maxBytes || encoder.encode(text).byteLength > maxBytes
}
