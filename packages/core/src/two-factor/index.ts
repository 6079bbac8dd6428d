export {
  BACKUP_CODE_DEFAULT_COUNT,
  BACKUP_CODE_ENTROPY_BITS,
  generateBackupCodes,
  hashBackupCode,
  normalizeBackupCode,
} from './backup-codes.js'
export type { QrCodeSvgOptions } from './qr-code.js'
export { qrCodeSvg } from './qr-code.js'
export type { SecretBox, SecretBoxOptions } from './secret-box.js'
export { createSecretBox, TOTP_SECRET_BOX_INFO } from './secret-box.js'
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
