import { ConfigError } from '../errors/errors.js'
import type { CorePasswordHasher } from './types.js'

/**
 * The `#default-password-hasher` module under the `workerd`, `worker`, `edge-light` and
 * `browser` conditions: there is no default on the edge, `createAuth` asks for a hasher. Each
 * choice costs something the app must accept knowingly: portable argon2id is about 6 kB gzip and
 * 150–300 ms of CPU per hash; PBKDF2 is not memory-hard, and Cloudflare Workers in production
 * refuse it above 100,000 iterations (local workerd accepts more, so a default that worked in
 * `wrangler dev` would fail every login once deployed).
 *
 * @throws {ConfigError} always, naming the choices
 */
export function createDefaultPasswordHasher(): CorePasswordHasher {
  throw new ConfigError([
    'password.hasher: required on edge runtimes (workerd, worker, edge-light, browser): pass ' +
      'createPasswordHasher() (portable argon2id, 150-300 ms of CPU per hash) or ' +
      'createPbkdf2PasswordHasher({ pbkdf2: { iterations: 100_000 }, allowWeakParameters: true }) ' +
      '(Cloudflare production caps PBKDF2 at 100,000 iterations) from @portcullis/core/password',
  ])
}
