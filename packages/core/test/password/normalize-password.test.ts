import { describe, expect, it } from 'vitest'
import {
  countCodePoints,
  exceedsUtf8Bytes,
  normalizePassword,
} from '../../src/password/normalize-password.js'

describe('normalizePassword', () => {
  it('maps NFD and NFC forms of the same text to one string', () => {
    const nfc = 'caf\u00e9 au lait, s\u2019il vous pla\u00eet'
    const nfd = 'cafe\u0301 au lait, s\u2019il vous plai\u0302t'
    expect(nfc).not.toBe(nfd)
    expect(normalizePassword(nfd)).toBe(normalizePassword(nfc))
    expect(normalizePassword(nfd)).toBe(nfc)
  })

  it('does not trim, fold case or apply compatibility mappings', () => {
    expect(normalizePassword('  Pass Word  ')).toBe('  Pass Word  ')
    expect(normalizePassword('\ufb01le')).toBe('\ufb01le') // "ﬁ" ligature stays (NFKC would change it)
  })
})

describe('countCodePoints', () => {
  it('counts an emoji as one code point', () => {
    expect('😀'.length).toBe(2)
    expect(countCodePoints('😀')).toBe(1)
    expect(countCodePoints('a😀b')).toBe(3)
  })
})

describe('exceedsUtf8Bytes', () => {
  it('counts UTF-8 bytes', () => {
    expect(exceedsUtf8Bytes('é'.repeat(512), 1024)).toBe(false)
    expect(exceedsUtf8Bytes('é'.repeat(513), 1024)).toBe(true)
    expect(exceedsUtf8Bytes('😀'.repeat(256), 1024)).toBe(false)
    expect(exceedsUtf8Bytes(`${'😀'.repeat(256)}a`, 1024)).toBe(true)
  })
})
