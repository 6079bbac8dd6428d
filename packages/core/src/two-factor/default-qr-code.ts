import { qrCodeSvg } from './qr-code.js'

/**
 * The QR renderer a TOTP setup uses unless `twoFactor.qrCode` says otherwise: {@link qrCodeSvg} on
 * Node, Bun and Deno. Edge bundles get `default-qr-code-edge.ts` (none) through the
 * `#default-qr-code` import conditions.
 */
export const defaultQrCode: ((otpauthUri: string) => string) | null = qrCodeSvg
