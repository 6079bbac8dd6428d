import * as z from 'zod/mini'
import { defaultQrCode } from '#default-qr-code'
import type { PasskeySettings } from '../features/types.js'

/** Options of second factors: `createAuth({ twoFactor })`. */
export interface TwoFactorOptions {
  /**
   * The name authenticator apps show next to the account.
   * @default the hostname of the first origin
   */
  issuer?: string
  totp?: {
    /** Digits in a code, 6 to 8. @default 6 */
    digits?: number
    /** Length of a time step in seconds. @default 30 */
    periodSeconds?: number
  }
  /** Lifetime of the login's second-step challenge, 60 to 600 seconds. @default 300 */
  challengeTtlSeconds?: number
  /**
   * Adding a factor (a TOTP setup, a passkey) needs a login at most this old, 60 to 86,400 seconds:
   * a stolen session cannot plant a factor of its own, it has to pass the login first.
   * @default 900
   */
  recentLoginSeconds?: number
  /** Backup codes handed out when TOTP is enabled or the codes are regenerated, 5 to 20. @default 10 */
  backupCodeCount?: number
  /**
   * Draws the otpauth URI of a TOTP setup as the `qrCodeSvg` of the answer: `qrCodeSvg` from
   * `@portcullis/core`, your own renderer, or `false` for none (the client draws `otpauthUri`).
   * @default `qrCodeSvg` on Node, Bun and Deno; none on edge bundles (`workerd`, `worker`,
   * `edge-light`, `browser` conditions), to keep the QR library out of a Worker
   */
  qrCode?: ((otpauthUri: string) => string) | false
}

/** Second-factor settings with defaults filled in. */
export interface ResolvedTwoFactorConfig {
  readonly issuer: string
  readonly digits: number
  readonly periodSeconds: number
  readonly challengeTtlSeconds: number
  readonly recentLoginSeconds: number
  readonly backupCodeCount: number
  /** Draws the setup's QR code; null: the setup answers without `qrCodeSvg`. */
  readonly qrCode: ((otpauthUri: string) => string) | null
}

/** Passkey settings with defaults filled in. */
export interface ResolvedPasskeyConfig {
  readonly rpId: string
  readonly rpName: string
  readonly userVerification: 'required' | 'preferred' | 'discouraged'
  readonly timeoutSeconds: number
}

export const twoFactorOptionsSchema = z._default(
  z.object({
    issuer: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    totp: z._default(
      z.object({
        digits: z._default(z.int().check(z.gte(6), z.lte(8)), 6),
        periodSeconds: z._default(z.int().check(z.gte(15), z.lte(120)), 30),
      }),
      { digits: 6, periodSeconds: 30 },
    ),
    challengeTtlSeconds: z._default(z.int().check(z.gte(60), z.lte(600)), 300),
    recentLoginSeconds: z._default(z.int().check(z.gte(60), z.lte(86_400)), 900),
    backupCodeCount: z._default(z.int().check(z.gte(5), z.lte(20)), 10),
    qrCode: z.optional(
      z.custom<((otpauthUri: string) => string) | false>(
        (value) => value === false || typeof value === 'function',
        'must be a function or false',
      ),
    ),
  }),
  {
    totp: { digits: 6, periodSeconds: 30 },
    challengeTtlSeconds: 300,
    recentLoginSeconds: 900,
    backupCodeCount: 10,
  },
)

/** Whether `rpId` is the hostname of `origin` or a registrable suffix of it (WebAuthn §5.1.3). */
function rpIdCovers(rpId: string, origin: string): boolean {
  const host = new URL(origin).hostname
  return host === rpId || host.endsWith(`.${rpId}`)
}

/** Fills in the second-factor defaults from the origins (the issuer is the first origin's host). */
export function resolveTwoFactorConfig(
  twoFactor: z.output<typeof twoFactorOptionsSchema>,
  origins: readonly string[],
): ResolvedTwoFactorConfig {
  return Object.freeze({
    issuer: twoFactor.issuer ?? firstHost(origins),
    digits: twoFactor.totp.digits,
    periodSeconds: twoFactor.totp.periodSeconds,
    challengeTtlSeconds: twoFactor.challengeTtlSeconds,
    recentLoginSeconds: twoFactor.recentLoginSeconds,
    backupCodeCount: twoFactor.backupCodeCount,
    qrCode: twoFactor.qrCode === false ? null : (twoFactor.qrCode ?? defaultQrCode),
  })
}

/**
 * Fills in the passkey defaults from the origins. An rpId that is an IP address, or that does not
 * cover an origin, is warned about: passkeys will not work there, the rest will.
 */
export function resolvePasskeyConfig(
  settings: PasskeySettings,
  origins: readonly string[],
  warn: (message: string) => void,
): ResolvedPasskeyConfig {
  const rpId = settings.rpId ?? firstHost(origins)
  if (/^[0-9.]+$/.test(rpId) || rpId.includes(':'))
    warn(`passkeys.rpId "${rpId}" is an IP address: browsers refuse it (serve at localhost or a domain)`)
  else
    for (const origin of origins)
      if (!rpIdCovers(rpId, origin))
        warn(`passkeys.rpId "${rpId}" does not cover ${origin}: passkeys will fail from there`)
  return Object.freeze({
    rpId,
    rpName: settings.rpName ?? rpId,
    userVerification: settings.userVerification,
    timeoutSeconds: settings.timeoutSeconds,
  })
}

function firstHost(origins: readonly string[]): string {
  return origins[0] ? new URL(origins[0]).hostname : 'localhost'
}
