import { describe, expect, it } from 'vitest'
import { normalizeEmail, normalizeIdentifier, normalizeUsername } from '../../src/users/normalize.js'

describe('normalizeEmail', () => {
  it('trims, applies NFC, lower-cases the domain and keys on the lower-cased address', () => {
    expect(normalizeEmail('  Ada.L@Example.COM ')).toEqual({
      email: 'Ada.L@example.com',
      key: 'ada.l@example.com',
    })
    expect(normalizeEmail('jose\u0301@example.com')).toEqual({
      email: 'jos\u00e9@example.com',
      key: 'jos\u00e9@example.com',
    })
  })

  it.each([
    'a@example.com,b@evil.test',
    'a@example.com b@evil.test',
    '"e@attacker.com"@victim.com',
    'a\uff20evil.test@example.com',
    'a@@example.com',
    'a@localhost',
    '.a@example.com',
    'a..b@example.com',
    'a@-example.com',
    'a@example..com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
    'a@exa\u0000mple.com',
    'a@exa\u200bmple.com',
    '',
  ])('refuses %j', (input) => {
    expect(normalizeEmail(input)).toBeNull()
  })
})

describe('normalizeUsername', () => {
  it('accepts ASCII names and keys them lower-cased', () => {
    expect(normalizeUsername('Ada_L-1.x')).toEqual({ username: 'Ada_L-1.x', key: 'ada_l-1.x' })
  })
  it.each(['ab', 'a'.repeat(33), '_ada', 'ada lovelace', 'аdmin', 'ada@x', ''])('refuses %j', (input) => {
    expect(normalizeUsername(input)).toBeNull()
  })
})

describe('normalizeIdentifier', () => {
  it('treats anything with @ as an email and the rest as a username', () => {
    expect(normalizeIdentifier('ADA@example.com')).toEqual({ kind: 'email', key: 'ada@example.com' })
    expect(normalizeIdentifier('Ada')).toEqual({ kind: 'username', key: 'ada' })
    expect(normalizeIdentifier('ada\uff20example.com')).toBeNull()
    expect(normalizeIdentifier('no such thing!')).toBeNull()
  })
})
