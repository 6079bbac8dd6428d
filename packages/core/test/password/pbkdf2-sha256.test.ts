import { describe, expect, it } from 'vitest'
import { pbkdf2Sha256 } from '../../src/password/pbkdf2-sha256.js'
import { webCryptoPbkdf2Sha256 } from '../../src/password/pbkdf2-sha256-engine.js'

const utf8 = new TextEncoder()
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('PBKDF2-HMAC-SHA-256 known answers (SECURITY.md §10.3)', () => {
  it.each([
    {
      password: 'passwd',
      salt: 'salt',
      iterations: 1,
      out: '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    },
    {
      password: 'Password',
      salt: 'NaCl',
      iterations: 80000,
      out: '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d',
    },
  ])('WebCrypto: c=$iterations', async (v) => {
    const out = await webCryptoPbkdf2Sha256(
      utf8.encode(v.password),
      utf8.encode(v.salt),
      { iterations: v.iterations },
      64,
    )
    expect(hex(out)).toBe(v.out)
  })
})

describe('PBKDF2-SHA-256 parameters', () => {
  it('defaults to 600000 iterations and refuses fewer', () => {
    expect(pbkdf2Sha256.defaults).toEqual({ iterations: 600000 })
    expect(pbkdf2Sha256.weaknesses({ iterations: 600000 })).toEqual([])
    expect(pbkdf2Sha256.weaknesses({ iterations: 599999 })).toEqual(['iterations 599999 is below 600000'])
  })
})
