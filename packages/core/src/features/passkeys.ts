import * as z from 'zod/mini'
import { parseOptions } from '../config/parse-options.js'
import { passkeyRoutes } from '../http/routes/passkeys.js'
import type { PasskeySettings, PasskeysFeature } from './types.js'

/** Options of {@link passkeys}. */
export interface PasskeyOptions {
  /**
   * The relying-party id: the origin's registrable domain or hostname. Browsers refuse IP
   * addresses here, so serve development at `http://localhost:<port>`.
   * @default the hostname of the first origin
   */
  rpId?: string
  /** The name browsers show. @default the rpId */
  rpName?: string
  /**
   * User verification (PIN, biometrics) asked of the authenticator. A passwordless login always
   * requires it unless this is `discouraged`. @default 'preferred'
   */
  userVerification?: 'required' | 'preferred' | 'discouraged'
  /** How long a ceremony may take, 30 to 600 seconds. @default 300 */
  timeoutSeconds?: number
}

const passkeyOptionsSchema = z._default(
  z.object({
    rpId: z.optional(
      z.string().check(z.regex(/^[a-z0-9.-]{1,253}$/, 'rpId must be a lower-case hostname like example.com')),
    ),
    rpName: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    userVerification: z._default(z.enum(['required', 'preferred', 'discouraged']), 'preferred'),
    timeoutSeconds: z._default(z.int().check(z.gte(30), z.lte(600)), 300),
  }),
  { userVerification: 'preferred', timeoutSeconds: 300 },
)

/**
 * Passkeys (WebAuthn), for `createAuth({ passkeys: passkeys() })`: registration, passwordless
 * login and passkeys as a second factor, the `/passkeys/*` endpoints. Without it those endpoints
 * answer 404 and no WebAuthn code is bundled; an account that already has passkeys still needs a
 * second factor at login (they stay a factor of the account, see the README).
 *
 * @param options - see {@link PasskeyOptions}; every field has a default
 * @throws {ConfigError} listing every invalid option
 * @example
 * ```ts
 * import { createAuth } from '@portcullis/core'
 * import { passkeys } from '@portcullis/core/passkeys'
 *
 * const auth = createAuth({ storage, origins: 'https://app.example.com', secret, passkeys: passkeys() })
 * ```
 */
export function passkeys(options: PasskeyOptions = {}): PasskeysFeature {
  const parsed = parseOptions(passkeyOptionsSchema, options, 'passkeys')
  const settings: PasskeySettings = Object.freeze({
    rpId: parsed.rpId,
    rpName: parsed.rpName,
    userVerification: parsed.userVerification,
    timeoutSeconds: parsed.timeoutSeconds,
  })
  return Object.freeze({ feature: 'passkeys', settings, routes: passkeyRoutes })
}
