/**
 * The QR renderer of edge bundles (conditions `workerd`, `worker`, `edge-light`, `browser`):
 * none, so `uqr` (3.8 kB gzip) stays out of a Worker unless the app passes
 * `twoFactor: { qrCode: qrCodeSvg }`. The setup still returns the secret and the otpauth URI.
 */
export const defaultQrCode: ((otpauthUri: string) => string) | null = null
