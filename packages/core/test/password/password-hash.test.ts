import { describe, expect, it } from 'vitest'
import {
  formatPasswordHash,
  type PasswordHashRecord,
  parsePasswordHash,
} from '../../src/password/password-hash.js'

const ARGON2ID = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'
const SALT16 = 'AAECAwQFBgcICQoLDA0ODw' // bytes 0..15
const HASH32 = 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8' // bytes 32..63

describe('parsePasswordHash', () => {
  it('decodes argon2id', () => {
    const record = parsePasswordHash(ARGON2ID)
    expect(record?.algorithm).toBe('argon2id')
    expect(record?.params).toEqual({ memoryCost: 256, timeCost: 2, parallelism: 1 })
  })

  it('decodes scrypt (passlib-style ln=)', () => {
    const record = parsePasswordHash(`$scrypt$ln=17,r=8,p=1$${SALT16}$${HASH32}`)
    expect(record).toMatchObject({ algorithm: 'scrypt', params: { logN: 17, r: 8, p: 1 } })
    expect(record?.salt).toEqual(Uint8Array.from({ length: 16 }, (_, i) => i))
  })

  it('decodes pbkdf2-sha256, with or without the RustCrypto l= length', () => {
    expect(parsePasswordHash(`$pbkdf2-sha256$i=600000$${SALT16}$${HASH32}`)?.params).toEqual({
      iterations: 600000,
    })
    expect(parsePasswordHash(`$pbkdf2-sha256$i=600000,l=32$${SALT16}$${HASH32}`)?.params).toEqual({
      iterations: 600000,
    })
    expect(parsePasswordHash(`$pbkdf2-sha256$i=600000,l=64$${SALT16}$${HASH32}`)).toBeNull()
  })

  it.each<PasswordHashRecord>([
    {
      algorithm: 'argon2id',
      params: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
      salt: bytes(16),
      hash: bytes(32),
    },
    { algorithm: 'scrypt', params: { logN: 17, r: 8, p: 1 }, salt: bytes(16), hash: bytes(32) },
    { algorithm: 'pbkdf2-sha256', params: { iterations: 600000 }, salt: bytes(16), hash: bytes(32) },
  ])('round-trips $algorithm through formatPasswordHash', (record) => {
    const phc = formatPasswordHash(record)
    expect(phc.startsWith(`$${record.algorithm}$`)).toBe(true)
    expect(parsePasswordHash(phc)).toEqual(record)
    expect(formatPasswordHash(parsePasswordHash(phc) as PasswordHashRecord)).toBe(phc)
  })

  it('writes the documented shapes', () => {
    const salt = bytes(16)
    const hash = bytes(32)
    expect(
      formatPasswordHash({
        algorithm: 'argon2id',
        params: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
        salt,
        hash,
      }),
    ).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(formatPasswordHash({ algorithm: 'scrypt', params: { logN: 17, r: 8, p: 1 }, salt, hash })).toMatch(
      /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    )
    expect(
      formatPasswordHash({ algorithm: 'pbkdf2-sha256', params: { iterations: 600000 }, salt, hash }),
    ).toMatch(/^\$pbkdf2-sha256\$i=600000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
  })

  it.each([
    ['unknown algorithm', `$argon2i$v=19$m=256,t=2,p=1$${SALT16}$${HASH32}`],
    ['bcrypt', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['argon2 version 16', ARGON2ID.replace('v=19', 'v=16')],
    ['argon2 without version', ARGON2ID.replace('$v=19', '')],
    ['argon2 params out of order', ARGON2ID.replace('m=256,t=2', 't=2,m=256')],
    ['argon2 missing param', ARGON2ID.replace(',p=1', '')],
    ['argon2 extra param', ARGON2ID.replace('p=1', 'p=1,keyid=a')],
    ['argon2 memory above 1 GiB', ARGON2ID.replace('m=256', 'm=2097152')],
    ['argon2 memory below 8 × p', ARGON2ID.replace('m=256,t=2,p=1', 'm=8,t=2,p=2')],
    ['argon2 t=0', ARGON2ID.replace('t=2', 't=0')],
    ['salt shorter than 8 bytes', `$argon2id$v=19$m=256,t=2,p=1$AAECAwQFBg$${HASH32}`],
    ['hash shorter than 16 bytes', `$argon2id$v=19$m=256,t=2,p=1$${SALT16}$AAECAwQFBgcICQoLDA0O`],
    ['scrypt with a version', `$scrypt$v=1$ln=17,r=8,p=1$${SALT16}$${HASH32}`],
    ['scrypt N given instead of ln', `$scrypt$n=131072,r=8,p=1$${SALT16}$${HASH32}`],
    ['scrypt above 1 GiB', `$scrypt$ln=21,r=8,p=1$${SALT16}$${HASH32}`],
    ['pbkdf2 without i', `$pbkdf2-sha256$c=600000$${SALT16}$${HASH32}`],
    ['pbkdf2 above 10M iterations', `$pbkdf2-sha256$i=10000001$${SALT16}$${HASH32}`],
    ['pbkdf2 passlib bare rounds', `$pbkdf2-sha256$29000$${SALT16}$${HASH32}`],
    ['garbage', 'not a hash'],
  ])('returns null for %s', (_, phc) => {
    expect(parsePasswordHash(phc)).toBeNull()
  })
})

function bytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff)
}
