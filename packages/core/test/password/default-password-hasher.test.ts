import { createMemoryStorage } from '@portcullis/memory'
import { describe, expect, it } from 'vitest'
import manifest from '../../package.json' with { type: 'json' }
import { resolveDeps } from '../../src/config/resolve-config.js'
import { ConfigError } from '../../src/errors/errors.js'
import { createDefaultPasswordHasher as nodeDefault } from '../../src/password/default-password-hasher.js'
import { createDefaultPasswordHasher as edgeDefault } from '../../src/password/default-password-hasher-edge.js'
import type { CorePasswordHasher, PasswordHasher } from '../../src/password/types.js'

/** This file also runs inside workerd (vitest.workerd.config.ts), where the edge variant applies. */
const IN_WORKERD = globalThis.navigator?.userAgent === 'Cloudflare-Workers'

/** Whether `hasher` is one of core's (it says its algorithm and implementations). */
function isCoreHasher(hasher: PasswordHasher): hasher is CorePasswordHasher {
  return 'algorithm' in hasher && 'implementations' in hasher && typeof hasher.implementations === 'function'
}

describe('#default-password-hasher: createAuth’s hasher when the options give none', () => {
  it(`is ${IN_WORKERD ? 'missing inside workerd: createAuth asks for a hasher' : 'argon2id, verifying every algorithm, under Node, Bun and Deno'}`, async () => {
    const options = {
      storage: createMemoryStorage(),
      origins: 'https://app.test',
      secret: 'test-secret-test-secret-test-secret!',
      mode: 'production' as const,
    }
    if (IN_WORKERD) {
      expect(() => resolveDeps(options)).toThrow(/password\.hasher: required on edge runtimes/)
      return
    }
    const deps = resolveDeps(options)
    if (!isCoreHasher(deps.hasher)) throw new Error('the default hasher should be one of core’s')
    expect(deps.hasher.algorithm).toBe('argon2id')
    expect((await deps.hasher.implementations()).argon2id).not.toBe('unsupported')
  })

  it('the default variant is createPasswordHasher(); the edge variant refuses, naming both choices', async () => {
    const full = nodeDefault()
    expect(full.algorithm).toBe('argon2id')
    expect((await full.implementations()).scrypt).not.toBe('unsupported')
    let problems: readonly string[] = []
    try {
      edgeDefault()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      problems = (error as ConfigError).problems
    }
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('createPasswordHasher()')
    expect(problems[0]).toContain('createPbkdf2PasswordHasher({ pbkdf2: { iterations: 100_000 }')
  })

  it('is mapped for the edge conditions, source and dist, like #common-passwords', () => {
    const entry: Record<string, unknown> = manifest.imports['#default-password-hasher']
    const source = entry['@portcullis/source'] as Record<string, string>
    for (const condition of ['workerd', 'worker', 'edge-light', 'browser']) {
      expect(source[condition]).toBe('./src/password/default-password-hasher-edge.ts')
      expect(entry[condition]).toBe('./dist/password/default-password-hasher-edge.js')
    }
    expect(source.default).toBe('./src/password/default-password-hasher.ts')
    expect(entry.default).toBe('./dist/password/default-password-hasher.js')
    expect(entry.types).toBe('./dist/password/default-password-hasher.d.ts')
    expect(Object.keys(entry).at(-1)).toBe('default')
    expect(Object.keys(source).at(-1)).toBe('default')
    expect(Object.keys(entry)).not.toContain('node')
  })
})
