import { describe, expect, it, vi } from 'vitest'
import { WeakPasswordError } from '../../src/errors/errors.js'
import {
  bundledBlocklistFromLength,
  checkPasswordPolicy,
  defaultPasswordPolicy,
  type PasswordPolicy,
} from '../../src/password/index.js'

async function reasonOf(
  password: string,
  policy: PasswordPolicy = defaultPasswordPolicy,
  context?: { email?: string; username?: string },
): Promise<string> {
  try {
    await checkPasswordPolicy(password, policy, context)
    return 'ok'
  } catch (error) {
    if (error instanceof WeakPasswordError) return error.reason
    throw error
  }
}

describe('checkPasswordPolicy: length (PW-1, PW-2)', () => {
  it('refuses 14 code points and accepts 15', async () => {
    expect(await reasonOf('abcdefghijklmn')).toBe('too_short')
    expect(await reasonOf('abcdefghijklmno')).toBe('ok')
  })

  it('counts an emoji as one code point', async () => {
    // 13 letters + 1 emoji = 14 code points, though 15 UTF-16 units.
    expect('abcdefghijklm😀'.length).toBe(15)
    expect(await reasonOf('abcdefghijklm😀')).toBe('too_short')
    expect(await reasonOf('abcdefghijklmn😀')).toBe('ok')
  })

  it('counts after NFC: 15 decomposed units can be fewer code points', async () => {
    const nfd = 'cafe\u0301cafe\u0301cafe\u0301' // 15 units in NFD, 12 code points in NFC
    expect(await reasonOf(nfd)).toBe('too_short')
  })

  it('accepts a 64-character passphrase with spaces and emoji and returns it unchanged', async () => {
    const passphrase = 'my 🐙 octopus plays the 🎺 trumpet every single morning at seven!!'
    expect([...passphrase].length).toBeGreaterThanOrEqual(64)
    await expect(checkPasswordPolicy(passphrase)).resolves.toBe(passphrase)
  })

  it('refuses more than maxLength code points, within the byte cap', async () => {
    expect(await reasonOf('é'.repeat(128))).toBe('ok')
    expect(await reasonOf('é'.repeat(129))).toBe('too_long') // 258 bytes: the code point limit speaks
  })

  it('refuses a 1025-byte input as too_long before normalising, cheaply', async () => {
    expect(await reasonOf('a'.repeat(1025))).toBe('too_long')
    expect(await reasonOf('é'.repeat(513))).toBe('too_long') // 1026 bytes, 513 code points
    const megabyte = 'a'.repeat(1024 * 1024)
    const normalize = vi.spyOn(String.prototype, 'normalize')
    const started = performance.now()
    expect(await reasonOf(megabyte)).toBe('too_long')
    expect(performance.now() - started).toBeLessThan(100)
    expect(normalize).not.toHaveBeenCalled()
    normalize.mockRestore()
  })

  it('returns the NFC form, so NFC and NFD inputs hash the same', async () => {
    const nfc = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e please'
    const nfd = nfc.normalize('NFD')
    expect(await checkPasswordPolicy(nfd)).toBe(nfc)
    expect(await checkPasswordPolicy(nfc)).toBe(nfc)
  })

  it('has no composition rules (PW-3)', async () => {
    expect(await reasonOf('all lower case words here')).toBe('ok')
    expect(await reasonOf('😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀')).toBe('ok')
  })
})

describe('checkPasswordPolicy: blocklist (PW-6)', () => {
  it('refuses a bundled common password that meets the length rule', async () => {
    expect(await reasonOf('qwerty123456789')).toBe('compromised')
    expect(await reasonOf('1qaz2wsx3edc4rfv')).toBe('compromised')
  })

  it('compares case-insensitively', async () => {
    expect(await reasonOf('QWERTY123456789')).toBe('compromised')
    expect(await reasonOf('1QAZ2wsx3EDC4rfv')).toBe('compromised')
  })

  it('compares the whole password, not substrings', async () => {
    expect(await reasonOf('qwerty123456789 but longer')).toBe('ok')
  })

  it('checks the 8..14 code point entries when the policy allows them', async () => {
    const mfa: PasswordPolicy = { ...defaultPasswordPolicy, minLength: 8 }
    if (bundledBlocklistFromLength > 8) {
      // The edge list (workerd: this file runs there too) carries 12+ code points only, which is
      // why createAuth refuses a minLength below 12 with it.
      expect(await reasonOf('password', mfa)).toBe('ok')
      expect(await reasonOf('123qweasdzxc', mfa)).toBe('compromised')
      return
    }
    expect(await reasonOf('password', mfa)).toBe('compromised')
    expect(await reasonOf('Baseball', mfa)).toBe('compromised')
    expect(await reasonOf('not-a-common-one', mfa)).toBe('ok')
  })

  it('can be disabled', async () => {
    expect(await reasonOf('qwerty123456789', { ...defaultPasswordPolicy, blocklist: false })).toBe('ok')
  })

  it('can be replaced by a function, which gets the NFC password', async () => {
    const blocklist = vi.fn((password: string) => password === 'caf\u00e9 caf\u00e9 caf\u00e9 caf\u00e9')
    const policy: PasswordPolicy = { ...defaultPasswordPolicy, blocklist }
    expect(await reasonOf('cafe\u0301 cafe\u0301 cafe\u0301 cafe\u0301', policy)).toBe('compromised')
    expect(await reasonOf('qwerty123456789', policy)).toBe('ok')
    expect(blocklist).toHaveBeenLastCalledWith('qwerty123456789')
  })
})

describe('checkPasswordPolicy: context', () => {
  const context = { email: 'Ada.Lovelace.1815@Example.com', username: 'countess-of-lovelace' }

  it('refuses the email, its local part or the username, ignoring case', async () => {
    expect(await reasonOf('ada.lovelace.1815@example.com', defaultPasswordPolicy, context)).toBe('context')
    expect(await reasonOf('ADA.LOVELACE.1815', defaultPasswordPolicy, context)).toBe('context')
    expect(await reasonOf('Countess-Of-Lovelace', defaultPasswordPolicy, context)).toBe('context')
  })

  it('accepts a password that only contains them', async () => {
    expect(await reasonOf('countess-of-lovelace rides again', defaultPasswordPolicy, context)).toBe('ok')
  })

  it('ignores missing context values', async () => {
    expect(await reasonOf('a perfectly fine passphrase', defaultPasswordPolicy, { email: '' })).toBe('ok')
    expect(await reasonOf('a perfectly fine passphrase', defaultPasswordPolicy, {})).toBe('ok')
  })
})

describe('checkPasswordPolicy: isBreached hook', () => {
  it('refuses when the hook says breached, with the NFC password', async () => {
    const isBreached = vi.fn(async (password: string) => password.startsWith('caf\u00e9'))
    const policy: PasswordPolicy = { ...defaultPasswordPolicy, isBreached }
    expect(await reasonOf('cafe\u0301 society in paris', policy)).toBe('breached')
    expect(isBreached).toHaveBeenCalledWith('caf\u00e9 society in paris')
    expect(await reasonOf('tea society in london', policy)).toBe('ok')
  })

  it('runs last: not called when a cheaper check already failed', async () => {
    const isBreached = vi.fn(async () => true)
    const policy: PasswordPolicy = { ...defaultPasswordPolicy, isBreached }
    expect(await reasonOf('short', policy)).toBe('too_short')
    expect(await reasonOf('qwerty123456789', policy)).toBe('compromised')
    expect(await reasonOf('ada@example.com', policy, { email: 'ada@example.com' })).toBe('context')
    expect(isBreached).not.toHaveBeenCalled()
  })

  it('lets a hook error propagate', async () => {
    const policy: PasswordPolicy = {
      ...defaultPasswordPolicy,
      isBreached: async () => {
        throw new Error('lookup down')
      },
    }
    await expect(checkPasswordPolicy('tea society in london', policy)).rejects.toThrow('lookup down')
  })
})

describe('checkPasswordPolicy: errors', () => {
  it('throws WeakPasswordError with code weak_password, status 400 and fields.password', async () => {
    const error = await checkPasswordPolicy('short').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WeakPasswordError)
    expect(error).toMatchObject({
      code: 'weak_password',
      status: 400,
      reason: 'too_short',
      fields: { password: 'too_short' },
    })
  })

  it('throws TypeError for a non-string (a caller bug)', async () => {
    await expect(checkPasswordPolicy(123 as unknown as string)).rejects.toBeInstanceOf(TypeError)
  })
})
