export { constantTimeEqual, constantTimeEqualString } from './constant-time.js'
export { hashToken, sha256Text } from './hash.js'
export { hmacSha256 } from './hmac.js'
export { randomBytes, randomToken, SECRET_BYTES, uuidv7 } from './random.js'
