import type { Route } from '../http/route.js'

/**
 * Settings of passkeys (WebAuthn) with their defaults filled in, checked by `passkeys()`. The
 * relying-party id may still be missing: `createAuth` fills it from the first origin.
 */
export interface PasskeySettings {
  readonly rpId: string | undefined
  readonly rpName: string | undefined
  readonly userVerification: 'required' | 'preferred' | 'discouraged'
  readonly timeoutSeconds: number
}

/**
 * What `passkeys()` from `@portcullis/core/passkeys` gives `createAuth({ passkeys })`: the checked
 * settings and the endpoints. A value, so the WebAuthn code is bundled only by apps that import it.
 */
export interface PasskeysFeature {
  readonly feature: 'passkeys'
  readonly settings: PasskeySettings
  readonly routes: readonly Route[]
}

/** Whether `value` came from `passkeys()` (checked by shape: two copies of core may meet). */
export function isPasskeysFeature(value: unknown): value is PasskeysFeature {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return record.feature === 'passkeys' && Array.isArray(record.routes) && typeof record.settings === 'object'
}
