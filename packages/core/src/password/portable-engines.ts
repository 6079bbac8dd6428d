import { portableArgon2idEngine } from './argon2id-engine.js'
import type { EngineSet, NativeBackend } from './engine.js'
import { webCryptoPbkdf2Sha256Engine } from './pbkdf2-sha256-engine.js'
import { portableScryptEngine } from './scrypt-engine.js'

/**
 * The engines that run everywhere: `@noble/hashes` for argon2id and scrypt, WebCrypto for PBKDF2.
 * Only {@link createPasswordHasher} reaches this module; a bundle with just
 * {@link createPbkdf2PasswordHasher} leaves it out, and the argon2id and scrypt code with it.
 */
export const portableEngines: EngineSet = {
  argon2id: portableArgon2idEngine,
  scrypt: portableScryptEngine,
  'pbkdf2-sha256': webCryptoPbkdf2Sha256Engine,
}

/** The native engines where the backend has them, the portable ones elsewhere. */
export function withNative(native: NativeBackend): EngineSet {
  return {
    argon2id: native.argon2id ?? portableArgon2idEngine,
    scrypt: native.scrypt ?? portableScryptEngine,
    'pbkdf2-sha256': webCryptoPbkdf2Sha256Engine,
  }
}
