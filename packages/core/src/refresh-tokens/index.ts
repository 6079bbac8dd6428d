export type { IssuedRefreshToken } from './refresh-token.js'
export { newRefreshToken, startRefreshFamily } from './refresh-token.js'
export type { RotatedRefreshToken } from './rotate-refresh-token.js'
export { rotateRefreshToken } from './rotate-refresh-token.js'
