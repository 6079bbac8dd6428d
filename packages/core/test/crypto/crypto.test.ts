import { describe, expect, it } from 'vitest'
import { constantTimeEqual, constantTimeEqualString } from '../../src/crypto/constant-time.js'
import { hashToken } from '../../src/crypto/hash.js'
import { randomToken, uuidv7 } from '../../src/crypto/random.js'
import { generateSessionToken, parseSessionToken } from '../../src/sessions/session-token.js'

describe('crypto helpers', () => {
  it('hashToken is SHA-256 hex (FIPS 180-2 "abc" vector)', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('randomToken gives 256-bit base64url strings without repeats or structure (SES-1)', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => randomToken()))
    expect(tokens.size).toBe(10_000)
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('uuidv7 is a version-7 UUID ordered by time', () => {
    const a = uuidv7(new Date('2026-01-01T00:00:00Z'))
    const b = uuidv7(new Date('2026-01-01T00:00:01Z'))
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a.slice(0, 13)).toBe('019b76da-a800')
    expect(a < b).toBe(true)
  })

  it('constantTimeEqual compares bytes and lengths', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true)
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false)
    expect(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false)
    expect(constantTimeEqualString('é', 'é')).toBe(true)
  })

  it('session tokens are id.secret and parse back to the stored hash', () => {
    const { token, id, secretHash } = generateSessionToken()
    expect(token).toMatch(/^[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{43}$/)
    expect(parseSessionToken(token)).toEqual({ id, secretHash })
    expect(secretHash).toBe(hashToken(token.split('.')[1]!))
    expect(parseSessionToken(`${token}x`)).toBeNull()
    expect(parseSessionToken(`${token}.x`)).toBeNull()
  })
})
