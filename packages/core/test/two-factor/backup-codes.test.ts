import { describe, expect, it } from 'vitest'
import { hashToken } from '../../src/crypto/hash.js'
import {
  BACKUP_CODE_ENTROPY_BITS,
  generateBackupCodes,
  hashBackupCode,
  normalizeBackupCode,
} from '../../src/two-factor/backup-codes.js'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const DISPLAY = /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$/

describe('generateBackupCodes', () => {
  it('gives ten distinct grouped codes by default', () => {
    const codes = generateBackupCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(DISPLAY)
  })

  it('gives the count asked for, and refuses silly counts', () => {
    expect(generateBackupCodes(1)).toHaveLength(1)
    expect(generateBackupCodes(16)).toHaveLength(16)
    for (const count of [0, -1, 1.5, 101, Number.NaN])
      expect(() => generateBackupCodes(count)).toThrow(TypeError)
  })

  it('has at least 112 bits of entropy per code: 24 symbols of 5 bits (REC-1)', () => {
    expect(BACKUP_CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(112)
    const [code] = generateBackupCodes(1)
    const symbols = code!.replaceAll('-', '')
    expect(symbols).toHaveLength(24)
    expect(symbols.length * Math.log2(ALPHABET.length)).toBe(BACKUP_CODE_ENTROPY_BITS)
  })

  it('uses every symbol in every position about equally (no bias, no fixed structure)', () => {
    const codes: string[] = []
    for (let i = 0; i < 200; i++) codes.push(...generateBackupCodes(100))
    expect(new Set(codes).size).toBe(20_000)
    const counts = Array.from({ length: 24 }, () => new Map<string, number>())
    for (const code of codes) {
      const symbols = code.replaceAll('-', '')
      for (let p = 0; p < 24; p++) counts[p]!.set(symbols[p]!, (counts[p]!.get(symbols[p]!) ?? 0) + 1)
    }
    // 20,000 draws over 32 symbols: 625 expected, standard deviation about 24.6.
    for (const position of counts) {
      expect(position.size).toBe(32)
      for (const n of position.values()) {
        expect(n).toBeGreaterThan(625 - 150)
        expect(n).toBeLessThan(625 + 150)
      }
    }
  })
})

describe('normalizeBackupCode', () => {
  it('returns a displayed code unchanged', () => {
    for (const code of generateBackupCodes()) expect(normalizeBackupCode(code)).toBe(code)
  })

  it('accepts the code typed without dashes, with spaces, in capitals or with Unicode dashes', () => {
    const code = 'ab12-cd34-ef56-gh78-jk9m-npqr'
    const typed = [
      'ab12cd34ef56gh78jk9mnpqr',
      'AB12 CD34 EF56 GH78 JK9M NPQR',
      ' ab12-cd34-ef56-gh78-jk9m-npqr ',
      'ab12 - cd34 - ef56 - gh78 - jk9m - npqr',
      'Ab12\u2013cd34\u2014ef56\u2212gh78\tjk9m\nnpqr',
      'a-b-1-2-c-d-3-4-e-f-5-6-g-h-7-8-j-k-9-m-n-p-q-r',
    ]
    for (const input of typed) expect(normalizeBackupCode(input), input).toBe(code)
  })

  it("maps Crockford's look-alikes: i and l to 1, o to 0", () => {
    expect(normalizeBackupCode('IiLl-OoOo-0000-1111-2222-3333')).toBe('1111-0000-0000-1111-2222-3333')
  })

  it.each([
    ['too short', 'ab12-cd34-ef56-gh78-jk9m-npq'],
    ['too long', 'ab12-cd34-ef56-gh78-jk9m-npqrs'],
    ['u is not in the alphabet', 'ab12-cd34-ef56-gh78-jk9m-npqu'],
    ['punctuation', 'ab12.cd34.ef56.gh78.jk9m.npqr'],
    ['underscore', 'ab12_cd34_ef56_gh78_jk9m_npqr'],
    ['fullwidth letters', 'ａb12-cd34-ef56-gh78-jk9m-npqr'],
    ['Kelvin sign (lower-cases to k)', '\u212ab12-cd34-ef56-gh78-jk9m-npqr'],
    ['dotted capital I (lower-cases to i + dot)', '\u0130b12-cd34-ef56-gh78-jk9m-npqr'],
    ['empty', ''],
    ['only separators', '------------------------'],
    ['a TOTP code', '123456'],
    ['very long padding', `${' '.repeat(200)}ab12cd34ef56gh78jk9mnpqr`],
  ])('refuses %s', (_, input) => {
    expect(normalizeBackupCode(input)).toBeNull()
  })

  it('refuses non-strings without throwing', () => {
    expect(normalizeBackupCode(null as unknown as string)).toBeNull()
    expect(normalizeBackupCode(42 as unknown as string)).toBeNull()
  })
})

describe('hashBackupCode', () => {
  it('is hashToken (SHA-256 hex) of the normalized, grouped form', () => {
    const code = 'ab12-cd34-ef56-gh78-jk9m-npqr'
    expect(hashBackupCode(code)).toBe(hashToken(code))
    expect(hashBackupCode(code)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('hashes the displayed code and the same code typed with spaces alike', () => {
    for (const code of generateBackupCodes()) {
      const typed = code.toUpperCase().replaceAll('-', ' ')
      expect(hashBackupCode(typed)).toBe(hashBackupCode(code))
      expect(hashBackupCode(code.replaceAll('-', ''))).toBe(hashBackupCode(code))
    }
  })

  it('differs between codes and is null for what cannot be a code', () => {
    const [a, b] = generateBackupCodes(2)
    expect(hashBackupCode(a!)).not.toBe(hashBackupCode(b!))
    expect(hashBackupCode('not a code')).toBeNull()
  })
})
