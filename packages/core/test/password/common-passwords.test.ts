import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMMON_PASSWORDS } from '../../src/password/common-passwords.generated.js'
import { isCommonPassword } from '../../src/password/index.js'
import { GENERATED_PATH, renderCommonPasswordsModule } from './generate-common-passwords.js'

describe('bundled common-password list', () => {
  const entries = COMMON_PASSWORDS.split('\n')

  it('is what the generator writes (no hand edits)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(renderCommonPasswordsModule())
  })

  it('keeps the MIT attribution', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toContain('Dan Wheeler and Dropbox, Inc.')
  })

  it('holds 3000..10000 distinct lower-case entries of at least 8 code points', () => {
    expect(entries.length).toBeGreaterThanOrEqual(3000)
    expect(entries.length).toBeLessThanOrEqual(10_000)
    expect(new Set(entries).size).toBe(entries.length)
    for (const entry of entries) {
      expect([...entry].length).toBeGreaterThanOrEqual(8)
      expect(entry).toBe(entry.toLowerCase())
    }
  })

  it('starts with the most common ones', () => {
    expect(entries.slice(0, 3)).toEqual(['password', '12345678', '123456789'])
  })
})

describe('isCommonPassword', () => {
  it('matches whole entries, case-insensitively', () => {
    expect(isCommonPassword('password')).toBe(true)
    expect(isCommonPassword('PassWord')).toBe(true)
    expect(isCommonPassword('password!')).toBe(false)
    expect(isCommonPassword('')).toBe(false)
  })
})
