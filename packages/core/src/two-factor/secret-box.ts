import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'

/** HKDF `info` of the key that seals TOTP secrets; a new purpose or format gets a new label. */
export const TOTP_SECRET_BOX_INFO = 'portcullis:totp-secret:v1'

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16
const MIN_SECRET_KEY_BYTES = 32

/** Encrypts small secrets at rest, bound to the row they belong to. Made by {@link createSecretBox}. */
export interface SecretBox {
  /**
   * Encrypts `plain` with a fresh random IV; `aad` (the user id) is authenticated, not stored.
   * @returns `v1.<base64url iv>.<base64url ciphertext+tag>`
   */
  seal(plain: Uint8Array, aad: string): Promise<string>
  /**
   * Decrypts what {@link SecretBox.seal} returned for the same `aad` under the same key.
   * @returns the plaintext, or `null` when the value was changed, belongs to another `aad`, was
   * sealed under another key or is not a sealed value at all. Never throws for such input.
   */
  open(sealed: string, aad: string): Promise<Uint8Array | null>
}

/** Options of {@link createSecretBox}. */
export interface SecretBoxOptions {
  /** HKDF `info`, separating this key from every other key derived from the secret (default: {@link TOTP_SECRET_BOX_INFO}). */
  readonly info?: string
}

const utf8 = new TextEncoder()

function assertAad(aad: string): void {
  if (typeof aad !== 'string' || aad.length === 0) throw new TypeError('aad must be a non-empty string')
}

/** Strict base64url (no padding, canonical): anything another encoder would not produce is `null`. */
function decodeCanonicalBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  let bytes: Uint8Array
  try {
    bytes = decodeBase64urlIgnorePadding(text)
  } catch {
    return null
  }
  if (encodeBase64urlNoPadding(bytes) !== text) return null
  return new Uint8Array(bytes)
}

/**
 * A box that encrypts TOTP secrets at rest with AES-256-GCM (WebCrypto). The key is derived once
 * per box with HKDF-SHA-256 from the auth secret key (`info` = {@link TOTP_SECRET_BOX_INFO}, empty
 * salt), and the CryptoKey promise is cached. Each seal uses a random 96-bit IV; the user id is the
 * additional authenticated data, so a value copied into another user's row does not open.
 *
 * Rotating the auth secret makes every sealed value unreadable: those users must enroll again.
 *
 * @param secretKey The auth secret: `ResolvedConfig.secretKey` (UTF-8 bytes of `secret`) or the
 * same secret as a string (encoded as UTF-8, so both give the same key). At least 32 bytes.
 * @example
 * const box = createSecretBox(config.secretKey)
 * const stored = await box.seal(generateTotpSecret(), user.id)
 * const secret = await box.open(stored, user.id) // Uint8Array | null
 */
export function createSecretBox(secretKey: string | Uint8Array, options: SecretBoxOptions = {}): SecretBox {
  const info = options.info ?? TOTP_SECRET_BOX_INFO
  if (typeof info !== 'string' || info.length === 0) throw new TypeError('info must be a non-empty string')
  let keyBytes: Uint8Array<ArrayBuffer>
  if (typeof secretKey === 'string') keyBytes = utf8.encode(secretKey)
  else if (secretKey instanceof Uint8Array) keyBytes = new Uint8Array(secretKey)
  else throw new TypeError('secretKey must be a string or a Uint8Array')
  if (keyBytes.byteLength < MIN_SECRET_KEY_BYTES)
    throw new TypeError(`secretKey must be at least ${MIN_SECRET_KEY_BYTES} bytes`)

  let keyPromise: Promise<CryptoKey> | null = null
  const getKey = (): Promise<CryptoKey> => {
    if (keyPromise === null) {
      keyPromise = deriveAesKey(keyBytes, info)
      // A failed import (no WebCrypto, say) is not cached: the next call tries again.
      keyPromise.catch(() => {
        keyPromise = null
      })
    }
    return keyPromise
  }

  return {
    async seal(plain: Uint8Array, aad: string): Promise<string> {
      if (!(plain instanceof Uint8Array)) throw new TypeError('plain must be a Uint8Array')
      assertAad(aad)
      const key = await getKey()
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: utf8.encode(aad), tagLength: TAG_BYTES * 8 },
        key,
        new Uint8Array(plain),
      )
      return `${VERSION}.${encodeBase64urlNoPadding(iv)}.${encodeBase64urlNoPadding(new Uint8Array(ciphertext))}`
    },

    async open(sealed: string, aad: string): Promise<Uint8Array | null> {
      assertAad(aad)
      if (typeof sealed !== 'string') return null
      const parts = sealed.split('.')
      if (parts.length !== 3 || parts[0] !== VERSION) return null
      const iv = decodeCanonicalBase64url(parts[1]!)
      const ciphertext = decodeCanonicalBase64url(parts[2]!)
      if (iv === null || iv.byteLength !== IV_BYTES) return null
      if (ciphertext === null || ciphertext.byteLength < TAG_BYTES) return null
      const key = await getKey()
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv, additionalData: utf8.encode(aad), tagLength: TAG_BYTES * 8 },
          key,
          ciphertext,
        )
        return new Uint8Array(plain)
      } catch {
        return null
      }
    },
  }
}

async function deriveAesKey(secretKey: Uint8Array<ArrayBuffer>, info: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', secretKey, 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(info) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}
