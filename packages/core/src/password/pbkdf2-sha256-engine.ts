import type { RawKdf } from './algorithm-spec.js'
import { engineFromKdf, type HashEngine } from './engine.js'
import type { Pbkdf2Sha256Params } from './pbkdf2-sha256.js'

/**
 * PBKDF2-HMAC-SHA-256 through WebCrypto (`crypto.subtle.deriveBits`), which every runtime has,
 * so it has no separate native implementation.
 */
export const webCryptoPbkdf2Sha256: RawKdf<Pbkdf2Sha256Params> = async (
  password,
  salt,
  params,
  hashBytes,
) => {
  // Copies give WebCrypto plain ArrayBuffer-backed views, whatever buffer the inputs share.
  const key = await crypto.subtle.importKey('raw', new Uint8Array(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations: params.iterations },
    key,
    hashBytes * 8,
  )
  return new Uint8Array(bits)
}

/** The PBKDF2-SHA256 engine of every hasher, on every runtime. */
export const webCryptoPbkdf2Sha256Engine: HashEngine<Pbkdf2Sha256Params> = /* @__PURE__ */ engineFromKdf(
  'WebCrypto',
  webCryptoPbkdf2Sha256,
)
