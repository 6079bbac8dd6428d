import type { RawKdf } from '../algorithm-spec.js'
import type { Argon2idParams } from '../argon2id.js'
import { engineFromKdf, type NativeBackend } from '../engine.js'
import { type ScryptParams, scryptMemoryBytes } from '../scrypt.js'

/** The part of `@node-rs/argon2` (2.x) that core uses. */
interface NodeRsArgon2 {
  hashRaw(
    password: Uint8Array,
    options: {
      memoryCost: number
      timeCost: number
      parallelism: number
      outputLen: number
      salt: Uint8Array
      /** `Algorithm.Argon2id` of the package's const enum. */
      algorithm: 2
      /** `Version.V0x13` of the package's const enum. */
      version: 1
    },
  ): Promise<Uint8Array>
}

type NodeCallback = (error: Error | null, derived: Uint8Array) => void

/** The part of `node:crypto` that core uses; `argon2` exists from Node 24.7 on. */
interface NodeCrypto {
  scrypt(
    password: Uint8Array,
    salt: Uint8Array,
    keylen: number,
    options: { N: number; r: number; p: number; maxmem: number },
    callback: NodeCallback,
  ): void
  argon2?: (
    algorithm: 'argon2id',
    parameters: {
      message: Uint8Array
      nonce: Uint8Array
      parallelism: number
      tagLength: number
      memory: number
      passes: number
    },
    callback: NodeCallback,
  ) => void
}

// The specifiers are variables on purpose: core keeps no static dependency on `node:*` or on
// the optional peer, and bundlers for other targets leave the imports alone.
const NODE_RS_ARGON2: string = '@node-rs/argon2'
const NODE_CRYPTO: string = 'node:crypto'

let backend: Promise<NativeBackend> | undefined

/**
 * The `#native-hasher` module for Node: argon2id with `@node-rs/argon2` when the app installed
 * that optional peer, else with `node:crypto`'s `argon2` (Node ≥ 24.7), else portable; scrypt
 * with `node:crypto`. Both run on the libuv thread pool, off the event loop. Loaded on first use
 * and memoised.
 */
export function loadNativeBackend(): Promise<NativeBackend> {
  backend ??= Promise.all([importOptional(NODE_RS_ARGON2), importOptional(NODE_CRYPTO)]).then(
    ([nodeRsArgon2, nodeCrypto]) => createNodeBackend({ nodeRsArgon2, nodeCrypto }),
  )
  return backend
}

/**
 * Builds the Node backend from already imported modules (`null` or anything unexpected for a
 * missing one). Exported for tests, which pass real or reduced modules.
 */
export function createNodeBackend(modules: { nodeRsArgon2: unknown; nodeCrypto: unknown }): NativeBackend {
  const nodeRs = moduleWith(modules.nodeRsArgon2, isNodeRsArgon2)
  const nodeCrypto = moduleWith(modules.nodeCrypto, isNodeCrypto)
  const nodeArgon2 = nodeCrypto?.argon2
  return {
    argon2id: nodeRs
      ? engineFromKdf('@node-rs/argon2', nodeRsArgon2Kdf(nodeRs))
      : nodeCrypto && nodeArgon2
        ? engineFromKdf('node:crypto', nodeCryptoArgon2Kdf(nodeArgon2.bind(nodeCrypto)))
        : null,
    scrypt: nodeCrypto ? engineFromKdf('node:crypto', nodeCryptoScryptKdf(nodeCrypto)) : null,
  }
}

function nodeRsArgon2Kdf(lib: NodeRsArgon2): RawKdf<Argon2idParams> {
  return (password, salt, params, hashBytes) =>
    lib.hashRaw(password, {
      memoryCost: params.memoryCost,
      timeCost: params.timeCost,
      parallelism: params.parallelism,
      outputLen: hashBytes,
      salt,
      algorithm: 2,
      version: 1,
    })
}

function nodeCryptoArgon2Kdf(argon2: NonNullable<NodeCrypto['argon2']>): RawKdf<Argon2idParams> {
  return (password, salt, params, hashBytes) =>
    fromCallback((done) =>
      argon2(
        'argon2id',
        {
          message: password,
          nonce: salt,
          parallelism: params.parallelism,
          tagLength: hashBytes,
          memory: params.memoryCost,
          passes: params.timeCost,
        },
        done,
      ),
    )
}

function nodeCryptoScryptKdf(lib: NodeCrypto): RawKdf<ScryptParams> {
  return (password, salt, params, hashBytes) =>
    fromCallback((done) =>
      lib.scrypt(
        password,
        salt,
        hashBytes,
        { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: scryptMemoryBytes(params) },
        done,
      ),
    )
}

function fromCallback(run: (done: NodeCallback) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    run((error, derived) => (error ? reject(error) : resolve(derived)))
  })
}

async function importOptional(specifier: string): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)
  } catch {
    return null
  }
}

/** `mod` itself, or its `default` export (CommonJS interop), when it passes `guard`. */
function moduleWith<T>(mod: unknown, guard: (value: unknown) => value is T): T | null {
  if (guard(mod)) return mod
  const fallback = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined
  return guard(fallback) ? fallback : null
}

function isNodeRsArgon2(value: unknown): value is NodeRsArgon2 {
  return (
    typeof value === 'object' && value !== null && 'hashRaw' in value && typeof value.hashRaw === 'function'
  )
}

function isNodeCrypto(value: unknown): value is NodeCrypto {
  return (
    typeof value === 'object' && value !== null && 'scrypt' in value && typeof value.scrypt === 'function'
  )
}
