import { describe, expect, it } from 'vitest'
import { globPrefixPattern, likePrefixPattern } from '../../src/records/email-prefix.js'

describe('likePrefixPattern', () => {
  it('escapes %, _ and the escape character ! with !, and ends with %', () => {
    expect(likePrefixPattern('ada')).toBe('ada%')
    expect(likePrefixPattern('100%_a!b')).toBe('100!%!_a!!b%')
    expect(likePrefixPattern('a\\b*?[')).toBe('a\\b*?[%')
    expect(likePrefixPattern('')).toBe('%')
  })
})

describe('globPrefixPattern', () => {
  it('brackets *, ? and [, leaves ] and backslash alone, and ends with *', () => {
    expect(globPrefixPattern('ada')).toBe('ada*')
    expect(globPrefixPattern('a*b?c[d]e\\f%_')).toBe('a[*]b[?]c[[]d]e\\f%_*')
    expect(globPrefixPattern('')).toBe('*')
  })
})
