import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors/errors.js'
import {
  type PasswordHasherOptions,
  resolvePasswordHasherOptions,
} from '../../src/password/hasher-options.js'

function problemsOf(options: unknown): readonly string[] {
  try {
    resolvePasswordHasherOptions(options as PasswordHasherOptions)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('resolvePasswordHasherOptions', () => {
  it('fills in the OWASP defaults', () => {
    expect(resolvePasswordHasherOptions()).toEqual({
      algorithm: 'argon2id',
      params: {
        argon2id: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
        scrypt: { logN: 17, r: 8, p: 1 },
        'pbkdf2-sha256': { iterations: 600000 },
      },
      implementation: 'auto',
      maxConcurrent: 4,
      maxQueue: 64,
    })
  })

  it('merges partial parameters with the defaults', () => {
    const resolved = resolvePasswordHasherOptions({ argon2id: { memoryCost: 47104, timeCost: 1 } })
    expect(resolved.params.argon2id).toEqual({ memoryCost: 47104, timeCost: 1, parallelism: 1 })
  })

  it('accepts stronger parameters and the other algorithms', () => {
    expect(problemsOf({ algorithm: 'scrypt', scrypt: { logN: 16, p: 2 } })).toEqual([])
    expect(problemsOf({ algorithm: 'pbkdf2-sha256', pbkdf2: { iterations: 1_000_000 } })).toEqual([])
    expect(problemsOf({ argon2id: { memoryCost: 65536, timeCost: 3, parallelism: 4 } })).toEqual([])
  })

  it('refuses parameters below the OWASP/ASVS minimums unless allowWeakParameters', () => {
    const weak = {
      argon2id: { memoryCost: 256, timeCost: 2 },
      scrypt: { logN: 14 },
      pbkdf2: { iterations: 1000 },
    }
    expect(problemsOf(weak)).toEqual([
      'password hasher: argon2id.memoryCost 256 is below 19456 for timeCost 2 (OWASP / ASVS minimum; allowWeakParameters: true is for tests only)',
      'password hasher: scrypt.logN 14 is below 17 for p 1 (OWASP / ASVS minimum; allowWeakParameters: true is for tests only)',
      'password hasher: pbkdf2.iterations 1000 is below 600000 (OWASP / ASVS minimum; allowWeakParameters: true is for tests only)',
    ])
    expect(problemsOf({ ...weak, allowWeakParameters: true })).toEqual([])
  })

  it('lists every problem at once, including unknown keys (typos)', () => {
    const problems = problemsOf({
      algorithm: 'bcrypt',
      argon2id: { memoryCostKiB: 19456, timeCost: 0 },
      implementation: 'native',
      maxConcurrent: 0,
      maxQueue: -1,
      allowWeakParameters: 'yes',
      pepper: 'x',
    })
    expect(problems).toEqual([
      'password hasher: unknown option "pepper"',
      'password hasher: algorithm must be one of argon2id, scrypt, pbkdf2-sha256',
      'password hasher: implementation must be "auto" or "portable"',
      'password hasher: allowWeakParameters must be a boolean',
      'password hasher: maxConcurrent must be an integer in 1..1024',
      'password hasher: maxQueue must be an integer in 0..100000',
      'password hasher: argon2id.memoryCostKiB is not a parameter (expected memoryCost, timeCost, parallelism)',
      'password hasher: argon2id.timeCost must be an integer in 1..64',
    ])
  })

  it('refuses a non-object for a parameter group or the options', () => {
    expect(problemsOf({ scrypt: 17 })).toEqual(['password hasher: scrypt must be an object'])
    expect(problemsOf(null)).toEqual(['password hasher options must be an object'])
  })

  it('throws a ConfigError with code config_error', () => {
    expect(() => resolvePasswordHasherOptions({ maxQueue: -1 })).toThrow(ConfigError)
    expect(() => resolvePasswordHasherOptions({ maxQueue: -1 })).toThrow(/maxQueue/)
  })
})
