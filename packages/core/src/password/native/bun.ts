import type { Argon2idParams } from '../argon2id.js'
import { portableArgon2idEngine } from '../argon2id-engine.js'
import type { HashEngine, NativeBackend } from '../engine.js'
import { formatPasswordHash, paramsKey, parsePasswordHash } from '../password-hash.js'
import { loadNativeBackend as loadNodeCompatibleBackend } from './node.js'

/** The part of `Bun.password` that core uses (memory in KiB, as in the PHC `m=`). */
interface BunPassword {
  hash(
    password: Uint8Array,
    options: { algorithm: 'argon2id'; memoryCost: number; timeCost: number },
  ): Promise<string>
  verify(password: Uint8Array, hash: string): Promise<boolean>
}

let backend: Promise<NativeBackend> | undefined

/**
 * The `#native-hasher` module for Bun: argon2id with `Bun.password` (a worker thread), scrypt
 * with Bun's `node:crypto`. Loaded on first use and memoised.
 */
export function loadNativeBackend(): Promise<NativeBackend> {
  backend ??= loadNodeCompatibleBackend().then((nodeCompatible) => {
    const bunPassword = findBunPassword()
    return {
      argon2id: bunPassword ? bunArgon2idEngine(bunPassword) : nodeCompatible.argon2id,
      scrypt: nodeCompatible.scrypt,
    }
  })
  return backend
}

/**
 * An argon2id engine over `Bun.password`. Bun picks its own salt and has no parallelism option,
 * so hashing with `parallelism` other than 1, or a result whose parameters are not the ones
 * asked for, goes to the portable engine. Exported for tests, which pass a stand-in.
 */
export function bunArgon2idEngine(bunPassword: BunPassword): HashEngine<Argon2idParams> {
  const portable = portableArgon2idEngine
  return {
    implementation: 'Bun.password',
    async hash(password, params) {
      if (params.parallelism === 1) {
        const phc = await bunPassword.hash(password, {
          algorithm: 'argon2id',
          memoryCost: params.memoryCost,
          timeCost: params.timeCost,
        })
        const record = parsePasswordHash(phc)
        if (
          record?.algorithm === 'argon2id' &&
          paramsKey('argon2id', record.params) === paramsKey('argon2id', params)
        )
          return { salt: record.salt, hash: record.hash }
      }
      return portable.hash(password, params)
    },
    async verify(password, stored) {
      const phc = formatPasswordHash({ algorithm: 'argon2id', ...stored })
      try {
        return await bunPassword.verify(password, phc)
      } catch {
        return portable.verify(password, stored)
      }
    },
  }
}

function findBunPassword(): BunPassword | null {
  const bun: unknown = Reflect.get(globalThis, 'Bun')
  const password = typeof bun === 'object' && bun !== null && 'password' in bun ? bun.password : undefined
  return isBunPassword(password) ? password : null
}

function isBunPassword(value: unknown): value is BunPassword {
  return (
    typeof value === 'object' &&
    value !== null &&
    'hash' in value &&
    typeof value.hash === 'function' &&
    'verify' in value &&
    typeof value.verify === 'function'
  )
}
