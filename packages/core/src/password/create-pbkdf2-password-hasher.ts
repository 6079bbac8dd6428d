import { createHasherWith } from './create-hasher-with.js'
import { type Pbkdf2PasswordHasherOptions, resolvePbkdf2PasswordHasherOptions } from './hasher-options.js'
import { webCryptoPbkdf2Sha256Engine } from './pbkdf2-sha256-engine.js'
import type { CorePasswordHasher } from './types.js'

/** The hasher {@link createPbkdf2PasswordHasher} returns: new hashes are always PBKDF2-SHA256. */
export type Pbkdf2PasswordHasher = CorePasswordHasher<'pbkdf2-sha256'>

const engines = { 'pbkdf2-sha256': webCryptoPbkdf2Sha256Engine } as const

/**
 * Creates a PBKDF2-HMAC-SHA-256 password hasher over WebCrypto alone: the lean one, for bundles
 * that must stay small (Workers, edge functions, browsers). It carries no argon2id or scrypt
 * code, so those hashes do not verify here.
 *
 * - Same PHC strings as {@link createPasswordHasher}: its hashes verify there, and a
 *   `$pbkdf2-sha256$…` string from there verifies here.
 * - A well-formed argon2id or scrypt string makes `verify` return `false` and `needsRehash`
 *   return `true`, as an unknown one would. A database holding such hashes needs
 *   {@link createPasswordHasher}, or those users cannot log in.
 * - `implementations()` reports `'WebCrypto'` for PBKDF2 and `'unsupported'` for argon2id and scrypt.
 * - Same options, checks and messages as the PBKDF2 part of {@link createPasswordHasher}.
 *
 * It is the default hasher of `createAuth` under the `workerd`, `worker`, `edge-light` and
 * `browser` export conditions. Cloudflare Workers in production refuse more than 100,000
 * iterations (the default is 600,000): there, pass `pbkdf2: { iterations: 100_000 }` with
 * `allowWeakParameters: true` knowingly, or another hasher.
 *
 * @param options - see {@link Pbkdf2PasswordHasherOptions}; every field has a secure default
 * @returns a {@link Pbkdf2PasswordHasher}
 * @throws {ConfigError} `config_error` listing every invalid or too weak option
 * @example
 * ```ts
 * const hasher = createPbkdf2PasswordHasher()
 * await hasher.hash(normalizePassword(password)) // '$pbkdf2-sha256$i=600000$…'
 * ```
 * @example A Cloudflare Worker, at the platform's ceiling (below the OWASP minimum).
 * ```ts
 * createAuth({
 *   ...,
 *   password: { hasher: createPbkdf2PasswordHasher({ pbkdf2: { iterations: 100_000 }, allowWeakParameters: true }) },
 * })
 * ```
 */
export function createPbkdf2PasswordHasher(options: Pbkdf2PasswordHasherOptions = {}): Pbkdf2PasswordHasher {
  const config = resolvePbkdf2PasswordHasherOptions(options)
  return createHasherWith(() => Promise.resolve(engines), {
    algorithm: 'pbkdf2-sha256',
    params: config.params,
    maxConcurrent: config.maxConcurrent,
    maxQueue: config.maxQueue,
  })
}
