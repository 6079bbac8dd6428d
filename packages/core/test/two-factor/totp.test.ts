import { createHmac } from 'node:crypto'
import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { describe, expect, it } from 'vitest'
import {
  generateTotpSecret,
  TOTP_SECRET_BYTES,
  totpCode,
  totpKeyUri,
  totpStep,
  verifyTotpCode,
} from '../../src/two-factor/totp.js'

// SECURITY.md §10.1 / §10.2: the SHA-1 seed is ASCII "12345678901234567890".
const rfcSecret = new TextEncoder().encode('12345678901234567890')
const at = (unixSeconds: number): Date => new Date(unixSeconds * 1000)

/** An independent HOTP (node:crypto HMAC-SHA-1), to check counters no RFC table covers. */
function referenceHotp(secret: Uint8Array, counter: bigint, digits: number): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(counter)
  const mac = createHmac('sha1', secret).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const value = mac.readUInt32BE(offset) & 0x7fffffff
  return String(value % 10 ** digits).padStart(digits, '0')
}

describe('RFC 4226 Appendix D (HOTP)', () => {
  const vectors = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ]
  it.each(vectors.map((code, count) => [count, code] as const))('count %i → %s', (count, code) => {
    expect(totpCode(rfcSecret, count)).toBe(code)
  })
})

describe('RFC 6238 Appendix B (TOTP, SHA-1, 8 digits, 30 s)', () => {
  const vectors = [
    [59, 0x1, '94287082'],
    [1111111109, 0x23523ec, '07081804'],
    [1111111111, 0x23523ed, '14050471'],
    [1234567890, 0x273ef07, '89005924'],
    [2000000000, 0x3f940aa, '69279037'],
    [20000000000, 0x27bc86aa, '65353130'],
  ] as const
  it.each(vectors)('time %i → T %i → %s', (seconds, step, code) => {
    expect(totpStep(at(seconds))).toBe(step)
    expect(totpCode(rfcSecret, step, 8)).toBe(code)
    expect(verifyTotpCode(rfcSecret, code, at(seconds), { digits: 8 })).toBe(step)
  })

  it('6-digit equivalents keep their leading zeros', () => {
    const sixDigits = [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ] as const
    for (const [seconds, code] of sixDigits) {
      expect(totpCode(rfcSecret, totpStep(at(seconds)))).toBe(code)
      expect(verifyTotpCode(rfcSecret, code, at(seconds))).toBe(totpStep(at(seconds)))
    }
  })

  it('uses the full 64-bit counter for steps at and past 2^32 (time past year 6000 at 30 s)', () => {
    // T=20000000000 is time > 2^32 seconds but step 0x27BC86AA < 2^32; these steps need the high word.
    for (const step of [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 12345]) {
      expect(totpCode(rfcSecret, step, 8)).toBe(referenceHotp(rfcSecret, BigInt(step), 8))
    }
    expect(totpCode(rfcSecret, 2 ** 32)).not.toBe(totpCode(rfcSecret, 0))
    // With a 1-second period the step passes 2^32 within the Date range (year 2106).
    const past2106 = at(2 ** 32 + 5)
    expect(totpStep(past2106, 1)).toBe(2 ** 32 + 5)
    const code = referenceHotp(rfcSecret, BigInt(2 ** 32 + 5), 6)
    expect(verifyTotpCode(rfcSecret, code, past2106, { periodSeconds: 1, window: 0 })).toBe(2 ** 32 + 5)
  })
})

describe('totpStep', () => {
  it('floors at step boundaries', () => {
    expect(totpStep(new Date(0))).toBe(0)
    expect(totpStep(new Date(29_999))).toBe(0)
    expect(totpStep(new Date(30_000))).toBe(1)
    expect(totpStep(new Date(59_999), 60)).toBe(0)
    expect(totpStep(new Date(60_000), 60)).toBe(1)
  })

  it('is exact at the end of the Date range (compared with bigint division)', () => {
    const max = 8.64e15
    expect(totpStep(new Date(max - 1))).toBe(Number((BigInt(max - 1) / 30_000n).toString()))
    expect(totpStep(new Date(max - 1), 1)).toBe(Number((BigInt(max - 1) / 1000n).toString()))
  })

  it('refuses invalid dates, times before 1970 and bad periods', () => {
    expect(() => totpStep(new Date(Number.NaN))).toThrow(TypeError)
    expect(() => totpStep(new Date(-1))).toThrow(TypeError)
    expect(() => totpStep(new Date(0), 0)).toThrow(TypeError)
    expect(() => totpStep(new Date(0), 1.5)).toThrow(TypeError)
  })
})

describe('verifyTotpCode', () => {
  const secret = generateTotpSecret()
  const now = new Date('2026-12-04T12:00:10Z')
  const T = totpStep(now)
  const codeAt = (step: number): string => totpCode(secret, step)

  it('accepts T, T-1 and T+1 and says which step matched', () => {
    expect(verifyTotpCode(secret, codeAt(T), now)).toBe(T)
    expect(verifyTotpCode(secret, codeAt(T - 1), now)).toBe(T - 1)
    expect(verifyTotpCode(secret, codeAt(T + 1), now)).toBe(T + 1)
  })

  it('refuses T-2 and T+2', () => {
    expect(verifyTotpCode(secret, codeAt(T - 2), now)).toBeNull()
    expect(verifyTotpCode(secret, codeAt(T + 2), now)).toBeNull()
  })

  it('window 0 accepts only the current step', () => {
    expect(verifyTotpCode(secret, codeAt(T), now, { window: 0 })).toBe(T)
    expect(verifyTotpCode(secret, codeAt(T - 1), now, { window: 0 })).toBeNull()
    expect(verifyTotpCode(secret, codeAt(T + 1), now, { window: 0 })).toBeNull()
  })

  it('refuses a window wider than one step (OTP-3)', () => {
    expect(() => verifyTotpCode(secret, codeAt(T), now, { window: 2 })).toThrow(TypeError)
    expect(() => verifyTotpCode(secret, codeAt(T), now, { window: -1 })).toThrow(TypeError)
  })

  it('afterStep refuses the last used step and older ones (OTP-4)', () => {
    expect(verifyTotpCode(secret, codeAt(T), now, { afterStep: T })).toBeNull()
    expect(verifyTotpCode(secret, codeAt(T - 1), now, { afterStep: T })).toBeNull()
    expect(verifyTotpCode(secret, codeAt(T - 1), now, { afterStep: T - 1 })).toBeNull()
    expect(verifyTotpCode(secret, codeAt(T), now, { afterStep: T - 1 })).toBe(T)
    expect(verifyTotpCode(secret, codeAt(T + 1), now, { afterStep: T })).toBe(T + 1)
  })

  it('refuses a code of another secret', () => {
    const other = generateTotpSecret()
    expect(verifyTotpCode(other, codeAt(T), now, { window: 0 })).toBeNull()
  })

  it('at step 0 there is no previous step', () => {
    expect(verifyTotpCode(rfcSecret, totpCode(rfcSecret, 0), at(1))).toBe(0)
    expect(verifyTotpCode(rfcSecret, totpCode(rfcSecret, 1), at(1))).toBe(1)
  })

  it.each([
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['leading space', ' 123456'],
    ['trailing space', '123456 '],
    ['trailing newline', '123456\n'],
    ['a letter', '12345a'],
    ['fullwidth digits', '１２３４５６'],
    ['Arabic-Indic digits', '٠١٢٣٤٥'],
    ['a sign', '+12345'],
    ['empty', ''],
  ])('refuses malformed input: %s', (_, input) => {
    expect(verifyTotpCode(secret, input, now)).toBeNull()
  })

  it('refuses the right digits in a malformed form', () => {
    const code = codeAt(T)
    expect(verifyTotpCode(secret, code, now)).toBe(T)
    expect(verifyTotpCode(secret, ` ${code}`, now)).toBeNull()
    expect(verifyTotpCode(secret, `${code}\n`, now)).toBeNull()
    const fullwidth = code.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
    expect(verifyTotpCode(secret, fullwidth, now)).toBeNull()
  })

  it('refuses a non-string code without throwing', () => {
    expect(verifyTotpCode(secret, 123456 as unknown as string, now)).toBeNull()
  })

  it('throws on caller bugs: short secret, bad digits', () => {
    expect(() => verifyTotpCode(new Uint8Array(10), '123456', now)).toThrow(TypeError)
    expect(() => verifyTotpCode(secret, '12345', now, { digits: 5 })).toThrow(TypeError)
    expect(() => verifyTotpCode(secret, '123456789', now, { digits: 9 })).toThrow(TypeError)
    expect(() => totpCode(secret, -1)).toThrow(TypeError)
    expect(() => totpCode(secret, 1.5)).toThrow(TypeError)
  })
})

describe('generateTotpSecret', () => {
  it('gives 20 fresh random bytes (OTP-1)', () => {
    const secrets = Array.from({ length: 1000 }, () => generateTotpSecret())
    for (const secret of secrets) expect(secret.byteLength).toBe(TOTP_SECRET_BYTES)
    expect(new Set(secrets.map((s) => Buffer.from(s).toString('hex'))).size).toBe(1000)
  })
})

describe('totpKeyUri', () => {
  it('builds the Google Authenticator key URI with base32 secret and defaults', () => {
    expect(totpKeyUri({ issuer: 'Acme', accountName: 'ada@example.com', secret: rfcSecret })).toBe(
      'otpauth://totp/Acme:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&issuer=Acme&algorithm=SHA1&digits=6&period=30',
    )
  })

  it('percent-encodes issuer and account so neither carries a literal colon, space or ampersand', () => {
    const uri = totpKeyUri({
      issuer: 'Acme: Corp & Co',
      accountName: 'a:b c?d#e/f',
      secret: rfcSecret,
      digits: 8,
      periodSeconds: 60,
    })
    expect(uri).toBe(
      'otpauth://totp/Acme%3A%20Corp%20%26%20Co:a%3Ab%20c%3Fd%23e%2Ff' +
        '?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%3A%20Corp%20%26%20Co' +
        '&algorithm=SHA1&digits=8&period=60',
    )
    const url = new URL(uri)
    expect(url.protocol).toBe('otpauth:')
    expect(url.host).toBe('totp')
    const label = url.pathname.slice(1)
    expect(label.split(':')).toHaveLength(2)
    expect(label.split(':').map(decodeURIComponent)).toEqual(['Acme: Corp & Co', 'a:b c?d#e/f'])
    expect(url.searchParams.get('issuer')).toBe('Acme: Corp & Co')
    expect(url.searchParams.get('digits')).toBe('8')
    expect(url.searchParams.get('period')).toBe('60')
  })

  it('carries a generated secret that decodes back to the same bytes', () => {
    const secret = generateTotpSecret()
    const uri = totpKeyUri({ issuer: 'Acme', accountName: 'ada', secret })
    const base32 = new URL(uri).searchParams.get('secret')!
    expect(base32).toMatch(/^[A-Z2-7]{32}$/)
    expect(decodeBase32IgnorePadding(base32)).toEqual(secret)
  })

  it('refuses empty names, ill-formed Unicode, short secrets and bad digits', () => {
    const secret = generateTotpSecret()
    expect(() => totpKeyUri({ issuer: '', accountName: 'a', secret })).toThrow(TypeError)
    expect(() => totpKeyUri({ issuer: 'A', accountName: '', secret })).toThrow(TypeError)
    expect(() => totpKeyUri({ issuer: 'A', accountName: '\ud800', secret })).toThrow(TypeError)
    expect(() => totpKeyUri({ issuer: 'A', accountName: 'a', secret: new Uint8Array(8) })).toThrow(TypeError)
    expect(() => totpKeyUri({ issuer: 'A', accountName: 'a', secret, digits: 10 })).toThrow(TypeError)
  })
})
