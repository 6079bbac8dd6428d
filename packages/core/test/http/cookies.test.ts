import { describe, expect, it } from 'vitest'
import { readCookie, serializeCookie } from '../../src/http/cookies.js'

const secure = { secure: true, httpOnly: true, sameSite: 'Lax', path: '/' } as const

describe('serializeCookie', () => {
  it('writes the attributes in a fixed order', () => {
    expect(serializeCookie('__Host-sid', 'abc', secure)).toBe(
      '__Host-sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax',
    )
    expect(serializeCookie('sid', '', { ...secure, secure: false, maxAge: 0, sameSite: 'Strict' })).toBe(
      'sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict',
    )
  })

  it('refuses __Host- cookies that browsers would reject (CK-2)', () => {
    expect(() => serializeCookie('__Host-sid', 'a', { ...secure, secure: false })).toThrow(TypeError)
    expect(() => serializeCookie('__Host-sid', 'a', { ...secure, domain: 'app.test' })).toThrow(TypeError)
    expect(() => serializeCookie('__Host-sid', 'a', { ...secure, path: '/auth' })).toThrow(TypeError)
    expect(() => serializeCookie('__Secure-sid', 'a', { ...secure, secure: false })).toThrow(TypeError)
  })

  it('refuses names and values that could inject attributes', () => {
    expect(() => serializeCookie('a;b', 'x', secure)).toThrow(TypeError)
    expect(() => serializeCookie('sid', 'x; Domain=evil.test', secure)).toThrow(TypeError)
  })
})

describe('readCookie', () => {
  it('matches the exact name only, and treats a duplicated name as absent', () => {
    expect(readCookie('a=1; __Host-sid=tok; b=2', '__Host-sid')).toBe('tok')
    expect(readCookie('__host-sid=tok', '__Host-sid')).toBeNull()
    expect(readCookie('__Host-sidx=tok', '__Host-sid')).toBeNull()
    expect(readCookie('__Host-sid=a; __Host-sid=b', '__Host-sid')).toBeNull()
    expect(readCookie(null, '__Host-sid')).toBeNull()
    expect(readCookie('garbage;;=;', '__Host-sid')).toBeNull()
  })
})
