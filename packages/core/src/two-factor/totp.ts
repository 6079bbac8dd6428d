import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { constantTimeEqualString } from '../crypto/constant-time.js'
import { randomBytes } from '../crypto/random.js'
import { hotp } from './hotp.js'

/** Bytes in a generated TOTP secret: 160 bits, the RFC 4226 recommendation for HMAC-SHA-1 (OTP-1). */
export const TOTP_SECRET_BYTES = 20

/** Shortest secret accepted: 128 bits, the RFC 4226 R6 minimum. */
export const TOTP_MIN_SECRET_BYTES = 16

/** Digits in a code unless told otherwise: what every authenticator app supports. */
export const TOTP_DEFAULT_DIGITS = 6

/** Length of a time step unless told otherwise, in seconds (RFC 6238 §5.2). */
export const TOTP_DEFAULT_PERIOD_SECONDS = 30

/** Options of {@link verifyTotpCode}. */
export interface VerifyTotpCodeOptions {
  /** Digits in a code, 6 to 8 (default: `6`). */
  readonly digits?: number
  /** Length of a time step, in seconds (default: `30`). */
  readonly periodSeconds?: number
  /**
   * Steps accepted on each side of the current one, `0` or `1` (default: `1`, which makes a code
   * valid for up to 90 s; OTP-3 allows no more).
   */
  readonly window?: number
  /**
   * The last step this secret was accepted at: that step and older ones are refused (OTP-4).
   * Storage must still record the returned step atomically.
   */
  readonly afterStep?: number
}

/** Options of {@link totpKeyUri}. */
export interface TotpKeyUriOptions {
  /** Who issues the code (the application's name), shown by the authenticator app. */
  readonly issuer: string
  /** Whose code it is (email or username), shown next to the issuer. */
  readonly accountName: string
  /** The raw secret; the URI carries it in base32. */
  readonly secret: Uint8Array
  /** Digits in a code, 6 to 8 (default: `6`). */
  readonly digits?: number
  /** Length of a time step, in seconds (default: `30`). */
  readonly periodSeconds?: number
}

function assertDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8)
    throw new TypeError('digits must be an integer from 6 to 8')
}

function assertPeriod(periodSeconds: number): void {
  if (!Number.isSafeInteger(periodSeconds) || periodSeconds < 1)
    throw new TypeError('periodSeconds must be a positive integer')
}

function assertSecret(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array) || secret.byteLength < TOTP_MIN_SECRET_BYTES)
    throw new TypeError(`secret must be a Uint8Array of at least ${TOTP_MIN_SECRET_BYTES} bytes`)
}

function assertStep(step: number): void {
  if (!Number.isSafeInteger(step) || step < 0) throw new TypeError('step must be a non-negative integer')
}

/**
 * A new TOTP secret: {@link TOTP_SECRET_BYTES} bytes from the platform CSPRNG (OTP-1). Store it
 * encrypted (see `createSecretBox`): it must be recoverable, so it cannot be hashed.
 */
export function generateTotpSecret(): Uint8Array {
  return randomBytes(TOTP_SECRET_BYTES)
}

/**
 * The RFC 6238 time step `T = floor(unixSeconds / period)` (T0 = 0) at `now`. Exact for every
 * valid `Date` (integer arithmetic below 2^53), including steps past 2^32.
 *
 * @param now Server time (OTP-3: never a time sent by the client).
 * @param periodSeconds Length of a step, in seconds (default: `30`).
 * @example totpStep(new Date(59_000)) // 1
 */
export function totpStep(now: Date, periodSeconds: number = TOTP_DEFAULT_PERIOD_SECONDS): number {
  assertPeriod(periodSeconds)
  const ms = now instanceof Date ? now.getTime() : Number.NaN
  if (!Number.isFinite(ms) || ms < 0) throw new TypeError('now must be a valid Date after 1970')
  const unit = periodSeconds * 1000
  let step = Math.floor(ms / unit)
  // Defensive: the division is rounded, the products are exact integers (< 2^53), so fix any off-by-one.
  while (step * unit > ms) step--
  while ((step + 1) * unit <= ms) step++
  return step
}

/**
 * The TOTP code for a time step: HOTP (RFC 4226, HMAC-SHA-1) with the 64-bit counter `step`.
 *
 * @param secret The raw secret, at least 16 bytes.
 * @param step A time step from {@link totpStep}.
 * @param digits Digits in the code, 6 to 8 (default: `6`); left-padded with zeros.
 * @example totpCode(secret, totpStep(clock.now())) // '081804'
 */
export function totpCode(secret: Uint8Array, step: number, digits: number = TOTP_DEFAULT_DIGITS): string {
  assertSecret(secret)
  assertStep(step)
  assertDigits(digits)
  return hotp(secret, step, digits)
}

/**
 * Checks a code typed by the user against the current step, then the previous one, then the next
 * one (within `window`). Returns the step it matched, for the caller to store as the last used
 * step and to pass back as `afterStep` (OTP-4), or `null`.
 *
 * Anything but exactly `digits` ASCII digits is refused before any HMAC is computed; the
 * comparison itself takes the same time wherever the codes differ.
 *
 * @param secret The raw secret, at least 16 bytes.
 * @param code What the user typed. Trim it yourself if your form allows surrounding spaces.
 * @param now Server time.
 * @param options Digits, period, window and the last accepted step.
 * @example
 * const step = verifyTotpCode(secret, body.code, clock.now(), { afterStep: factor.lastUsedStep })
 * if (step === null) return invalidCode()
 * await storage.setTotpLastUsedStep(userId, step) // atomically, refusing steps <= the stored one
 */
export function verifyTotpCode(
  secret: Uint8Array,
  code: string,
  now: Date,
  options: VerifyTotpCodeOptions = {},
): number | null {
  const digits = options.digits ?? TOTP_DEFAULT_DIGITS
  const periodSeconds = options.periodSeconds ?? TOTP_DEFAULT_PERIOD_SECONDS
  const window = options.window ?? 1
  const afterStep = options.afterStep ?? -1
  assertSecret(secret)
  assertDigits(digits)
  if (window !== 0 && window !== 1) throw new TypeError('window must be 0 or 1 (OTP-3)')
  if (!Number.isSafeInteger(afterStep) || afterStep < -1)
    throw new TypeError('afterStep must be a non-negative integer')
  const current = totpStep(now, periodSeconds)
  if (typeof code !== 'string' || code.length !== digits || !/^[0-9]+$/.test(code)) return null

  const candidates = window === 1 ? [current, current - 1, current + 1] : [current]
  let matched: number | null = null
  for (const step of candidates) {
    if (step < 0 || step <= afterStep) continue
    const equal = constantTimeEqualString(totpCode(secret, step, digits), code)
    if (equal && matched === null) matched = step
  }
  return matched
}

/**
 * The `otpauth://totp/…` URI an authenticator app reads from a QR code (Google Authenticator key
 * URI format): `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
 * Issuer and account name are percent-encoded (RFC 3986), so a `:` inside either is `%3A` and
 * a space is `%20`; the secret is unpadded upper-case base32.
 *
 * The URI contains the secret: never log it (OTP-8), and send it only to the enrolling user.
 *
 * @example totpKeyUri({ issuer: 'Acme', accountName: 'ada@example.com', secret })
 */
export function totpKeyUri(options: TotpKeyUriOptions): string {
  const { issuer, accountName, secret } = options
  const digits = options.digits ?? TOTP_DEFAULT_DIGITS
  const periodSeconds = options.periodSeconds ?? TOTP_DEFAULT_PERIOD_SECONDS
  if (typeof issuer !== 'string' || issuer.length === 0)
    throw new TypeError('issuer must be a non-empty string')
  if (typeof accountName !== 'string' || accountName.length === 0)
    throw new TypeError('accountName must be a non-empty string')
  assertSecret(secret)
  assertDigits(digits)
  assertPeriod(periodSeconds)
  const encodedIssuer = encodeUriComponentStrict(issuer)
  const label = `${encodedIssuer}:${encodeUriComponentStrict(accountName)}`
  const query = [
    `secret=${encodeBase32UpperCaseNoPadding(secret)}`,
    `issuer=${encodedIssuer}`,
    'algorithm=SHA1',
    `digits=${digits}`,
    `period=${periodSeconds}`,
  ].join('&')
  return `otpauth://totp/${label}?${query}`
}

/** `encodeURIComponent`, plus the RFC 3986 sub-delimiters it leaves alone; a lone surrogate is a TypeError. */
function encodeUriComponentStrict(value: string): string {
  let encoded: string
  try {
    encoded = encodeURIComponent(value)
  } catch {
    throw new TypeError('issuer and accountName must be well-formed Unicode')
  }
  return encoded.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}
