export type { TotpKeyUriOptions, VerifyTotpCodeOptions } from './totp.js'
export {
  generateTotpSecret,
  TOTP_DEFAULT_DIGITS,
  TOTP_DEFAULT_PERIOD_SECONDS,
  TOTP_MIN_SECRET_BYTES,
  TOTP_SECRET_BYTES,
  totpCode,
  totpKeyUri,
  totpStep,
  verifyTotpCode,
} from './totp.js'
