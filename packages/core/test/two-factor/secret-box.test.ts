import { createDecipheriv, hkdfSync } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSecretBox, TOTP_SECRET_BOX_INFO } from '../../src/two-factor/secret-box.js'
import { generateTotpSecret } from '../../src/two-factor/totp.js'

const secretText = 'a-test-auth-secret-of-at-least-32-characters'
const secretKey = new TextEncoder().encode(secretText)
const userId = '019b76da-a800-7000-8000-000000000001'
const otherUserId = '019b76da-a800-7000-8000-000000000002'

/** Replaces the character at `index` with a different base64url character. */
function flipChar(text: string, index: number): string {
  const char = text[index]!
  return text.slice(0, index) + (char === 'A' ? 'B' : 'A') + text.slice(index + 1)
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createSecretBox', () => {
  it('round-trips a TOTP secret and gives the versioned format', async () => {
    const box = createSecretBox(secretKey)
    const plain = generateTotpSecret()
    const sealed = await box.seal(plain, userId)
    // 12-byte IV = 16 chars; 20 bytes + 16-byte tag = 36 bytes = 48 chars.
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{48}$/)
    expect(await box.open(sealed, userId)).toEqual(plain)
  })

  it('round-trips empty and odd-length plaintexts', async () => {
    const box = createSecretBox(secretKey)
    for (const length of [0, 1, 17, 64]) {
      const plain = crypto.getRandomValues(new Uint8Array(length))
      expect(await box.open(await box.seal(plain, userId), userId)).toEqual(plain)
    }
  })

  it('uses a fresh IV each time', async () => {
    const box = createSecretBox(secretKey)
    const plain = generateTotpSecret()
    const sealed = await Promise.all(Array.from({ length: 50 }, () => box.seal(plain, userId)))
    expect(new Set(sealed.map((s) => s.split('.')[1])).size).toBe(50)
  })

  it('is AES-256-GCM under HKDF-SHA-256(secret, salt = empty, info = portcullis:totp-secret:v1)', async () => {
    const plain = generateTotpSecret()
    const sealed = await createSecretBox(secretKey).seal(plain, userId)
    const [, ivText, bodyText] = sealed.split('.') as [string, string, string]
    const body = Buffer.from(bodyText, 'base64url')
    const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), TOTP_SECRET_BOX_INFO, 32))
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'))
    decipher.setAAD(Buffer.from(userId, 'utf8'))
    decipher.setAuthTag(body.subarray(body.length - 16))
    const opened = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()])
    expect(new Uint8Array(opened)).toEqual(plain)
  })

  it('derives the same key from the secret as a string or as bytes', async () => {
    const plain = generateTotpSecret()
    const sealed = await createSecretBox(secretText).seal(plain, userId)
    expect(await createSecretBox(secretKey).open(sealed, userId)).toEqual(plain)
  })

  it('does not follow later changes to the key bytes passed in', async () => {
    const bytes = new Uint8Array(secretKey)
    const box = createSecretBox(bytes)
    bytes.fill(0)
    const sealed = await box.seal(generateTotpSecret(), userId)
    expect(await createSecretBox(secretKey).open(sealed, userId)).not.toBeNull()
  })

  it('refuses a value sealed for another user (aad)', async () => {
    const box = createSecretBox(secretKey)
    const sealed = await box.seal(generateTotpSecret(), userId)
    expect(await box.open(sealed, otherUserId)).toBeNull()
    expect(await box.open(sealed, `${userId} `)).toBeNull()
  })

  it('refuses a value sealed under another key or another info', async () => {
    const sealed = await createSecretBox(secretKey).seal(generateTotpSecret(), userId)
    expect(await createSecretBox(`${secretText}!`).open(sealed, userId)).toBeNull()
    expect(await createSecretBox(secretKey, { info: 'portcullis:other:v1' }).open(sealed, userId)).toBeNull()
  })

  it('refuses every tampered part', async () => {
    const box = createSecretBox(secretKey)
    const sealed = await box.seal(generateTotpSecret(), userId)
    const [version, iv, body] = sealed.split('.') as [string, string, string]
    const tampered: string[] = [
      `v2.${iv}.${body}`,
      `V1.${iv}.${body}`,
      `.${iv}.${body}`,
      `${version}.${body}.${iv}`,
      `${version}.${iv}.${body.slice(0, -1)}`,
      `${version}.${iv}.${body.slice(0, 22)}`,
      `${version}.${iv.slice(0, -2)}.${body}`,
      `${version}.${iv}.${body}A`,
      `${version}.${iv}.${body}.`,
      `${version}.${iv}=.${body}`,
      `${version}.${iv}.${body}==`,
      ` ${sealed}`,
      `${sealed}\n`,
    ]
    for (let i = 0; i < iv.length; i++) tampered.push(`${version}.${flipChar(iv, i)}.${body}`)
    for (let i = 0; i < body.length; i++) tampered.push(`${version}.${iv}.${flipChar(body, i)}`)
    for (const value of tampered) expect(await box.open(value, userId), value).toBeNull()
    expect(await box.open(sealed, userId)).not.toBeNull()
  })

  it('refuses a non-canonical base64url spelling of a valid value', async () => {
    const box = createSecretBox(secretKey)
    // 1 byte + 16-byte tag = 17 bytes = 23 chars, the last one carrying 2 unused bits.
    const sealed = await box.seal(new Uint8Array([7]), userId)
    const [version, iv, body] = sealed.split('.') as [string, string, string]
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(body.at(-1)!)
    const sameBytes = `${body.slice(0, -1)}${alphabet[last ^ 0b01]}`
    expect(Buffer.from(sameBytes, 'base64url')).toEqual(Buffer.from(body, 'base64url'))
    expect(await box.open(`${version}.${iv}.${sameBytes}`, userId)).toBeNull()
    expect(await box.open(sealed, userId)).toEqual(new Uint8Array([7]))
  })

  it('returns null for garbage without throwing', async () => {
    const box = createSecretBox(secretKey)
    const garbage = [
      '',
      'v1',
      'v1.',
      'v1..',
      'v1...',
      '....',
      'v1.AAAAAAAAAAAAAAAA.',
      'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
      'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'v1.!!!!!!!!!!!!!!!!.@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAA+/AAAAAAAAAAAAAAAAAAAAAAAAA',
      'v1.AAAAAAAAAAAAAAA\u00e9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'x'.repeat(100_000),
      `v1.${'A'.repeat(16)}.${'A'.repeat(100_000)}`,
      '\u0000',
    ]
    for (const value of garbage) expect(await box.open(value, userId), value.slice(0, 80)).toBeNull()
    for (const value of [null, undefined, 42, {}, new Uint8Array(4)]) {
      expect(await box.open(value as unknown as string, userId)).toBeNull()
    }
  })

  it('derives the key once per box', async () => {
    const deriveKey = vi.spyOn(crypto.subtle, 'deriveKey')
    const box = createSecretBox(secretKey)
    const plain = generateTotpSecret()
    const sealed = await Promise.all([box.seal(plain, userId), box.seal(plain, userId)])
    await box.open(sealed[0], userId)
    await box.open('garbage', userId)
    expect(deriveKey).toHaveBeenCalledTimes(1)
  })

  it('throws TypeError on caller bugs only: short key, empty aad, non-bytes plaintext', async () => {
    expect(() => createSecretBox('too-short')).toThrow(TypeError)
    expect(() => createSecretBox(new Uint8Array(31))).toThrow(TypeError)
    expect(() => createSecretBox(42 as unknown as string)).toThrow(TypeError)
    expect(() => createSecretBox(secretKey, { info: '' })).toThrow(TypeError)
    const box = createSecretBox(secretKey)
    await expect(box.seal(generateTotpSecret(), '')).rejects.toThrow(TypeError)
    await expect(box.open('v1.a.b', '')).rejects.toThrow(TypeError)
    await expect(box.seal('secret' as unknown as Uint8Array, userId)).rejects.toThrow(TypeError)
  })
})
