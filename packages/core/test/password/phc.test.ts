import { describe, expect, it } from 'vitest'
import { formatPhc, parsePhc, parsePhcDecimal } from '../../src/password/phc.js'

const REFERENCE = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'

describe('parsePhc', () => {
  it('splits id, version, params, salt and hash', () => {
    const fields = parsePhc(REFERENCE)
    expect(fields).not.toBeNull()
    expect(fields?.id).toBe('argon2id')
    expect(fields?.version).toBe(19)
    expect(fields?.params).toEqual([
      ['m', '256'],
      ['t', '2'],
      ['p', '1'],
    ])
    expect(new TextDecoder().decode(fields?.salt)).toBe('somesalt')
    expect(fields?.hash.byteLength).toBe(32)
  })

  it('reads a string without a version field', () => {
    expect(parsePhc('$scrypt$ln=4,r=1,p=1$c29tZXNhbHQ$c29tZXNhbHRzb21lc2FsdA')?.version).toBeNull()
  })

  it('round-trips through formatPhc', () => {
    const fields = parsePhc(REFERENCE)
    expect(fields && formatPhc(fields)).toBe(REFERENCE)
  })

  it('accepts passlib ab64 (`.` for `+`) and writes standard base64', () => {
    const fields = parsePhc('$scrypt$ln=4,r=1,p=1$..../w$c29tZXNhbHRzb21lc2FsdA')
    expect(fields?.salt).toEqual(new Uint8Array([0xfb, 0xef, 0xbe, 0xff]))
    expect(fields && formatPhc(fields)).toBe('$scrypt$ln=4,r=1,p=1$++++/w$c29tZXNhbHRzb21lc2FsdA')
  })

  it.each([
    ['empty', ''],
    ['no leading $', REFERENCE.slice(1)],
    ['missing hash', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ'],
    ['empty hash', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$'],
    ['extra field', `${REFERENCE}$extra`],
    ['padding', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
    ['url-safe alphabet', REFERENCE.replace('/', '_')],
    ['non-canonical trailing bits', REFERENCE.replace('c29tZXNhbHQ', 'c29tZXNhbHR')],
    [
      'impossible base64 length',
      '$argon2id$v=19$m=256,t=2,p=1$c29tZ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
    ],
    ['upper-case id', REFERENCE.replace('argon2id', 'Argon2id')],
    ['bad version', REFERENCE.replace('v=19', 'v=019')],
    ['param without value', REFERENCE.replace('t=2', 't=')],
    ['duplicate param', REFERENCE.replace('p=1', 'm=1')],
    ['space', REFERENCE.replace(',t', ', t')],
    ['far too long', `$argon2id$v=19$m=256,t=2,p=1$${'A'.repeat(600)}$AAAA`],
  ])('returns null for %s', (_, phc) => {
    expect(parsePhc(phc)).toBeNull()
  })

  it('returns null for a non-string at run time', () => {
    expect(parsePhc(42 as unknown as string)).toBeNull()
  })
})

describe('parsePhcDecimal', () => {
  it.each([
    ['0', 0],
    ['19456', 19456],
    ['4294967295', 4294967295],
    ['4294967296', null],
    ['007', null],
    ['-1', null],
    ['1e3', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (text, expected) => {
    expect(parsePhcDecimal(text)).toBe(expected)
  })
})
