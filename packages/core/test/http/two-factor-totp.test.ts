import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { describe, expect, it } from 'vitest'
import { defaultQrCode } from '#default-qr-code'
import type { AuthEvent } from '../../src/index.js'
import { totpCode, totpStep } from '../../src/two-factor/totp.js'
import {
  cookieFrom,
  createTestAuth,
  errorOf,
  GOOD_PASSWORD,
  jsonRequest,
  login,
  register,
} from '../helpers/test-auth.js'

type Auth = ReturnType<typeof createTestAuth>['auth']
type Setup = ReturnType<typeof createTestAuth>

/** Registers Ada and runs a TOTP setup; returns her cookie, the secret and the setup body. */
async function withTotpSetup(options: Parameters<typeof createTestAuth>[0] = {}) {
  const setup = createTestAuth(options)
  const { cookie, userId } = await register(setup.auth)
  const response = await setup.auth.handler(
    jsonRequest('POST', '/auth/two-factor/totp/setup', undefined, { cookie }),
  )
  expect(response.status).toBe(200)
  const body = (await response.json()) as { secret: string; otpauthUri: string; qrCodeSvg?: string }
  return { ...setup, cookie, userId, body, secret: decodeBase32IgnorePadding(body.secret) }
}

/** The code of the current step (offset in steps). */
function code(setup: Setup, secret: Uint8Array, offset = 0): string {
  return totpCode(secret, totpStep(setup.clock.now()) + offset)
}

async function enable(setup: Setup & { cookie: string; secret: Uint8Array }) {
  const response = await setup.auth.handler(
    jsonRequest(
      'POST',
      '/auth/two-factor/totp/enable',
      { code: code(setup, setup.secret) },
      { cookie: setup.cookie },
    ),
  )
  expect(response.status).toBe(200)
  return ((await response.json()) as { backupCodes: string[] }).backupCodes
}

async function passwordStep(auth: Auth) {
  const response = await auth.handler(
    jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
  )
  return response
}

async function challengeOf(auth: Auth): Promise<string> {
  const response = await passwordStep(auth)
  expect(response.status).toBe(401)
  return ((await response.json()) as { challenge: string }).challenge
}

async function secondStep(auth: Auth, challenge: string, codeValue: string) {
  return auth.handler(jsonRequest('POST', '/auth/login/two-factor', { challenge, code: codeValue }))
}

describe('TOTP setup and enable', () => {
  it('setup returns the secret, an otpauth URI with issuer and account, and an SVG QR code', async () => {
    const { body } = await withTotpSetup()
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(body.otpauthUri).toBe(
      `otpauth://totp/app.test:ada%40example.com?secret=${body.secret}&issuer=app.test&algorithm=SHA1&digits=6&period=30`,
    )
    if (defaultQrCode === null) {
      // Edge bundles (this file also runs in workerd) draw no QR unless twoFactor.qrCode is passed.
      expect(body).not.toHaveProperty('qrCodeSvg')
      return
    }
    expect(body.qrCodeSvg?.startsWith('<svg')).toBe(true)
    expect(body.qrCodeSvg).not.toContain(body.secret)
  })

  it('twoFactor.qrCode: an own renderer draws the otpauth URI; false leaves qrCodeSvg out', async () => {
    const drawn: string[] = []
    const own = await withTotpSetup({
      twoFactor: {
        qrCode: (uri) => {
          drawn.push(uri)
          return '<svg>own</svg>'
        },
      },
    })
    expect(own.body.qrCodeSvg).toBe('<svg>own</svg>')
    expect(drawn).toEqual([own.body.otpauthUri])
    const none = await withTotpSetup({ twoFactor: { qrCode: false } })
    expect(Object.keys(none.body).sort()).toEqual(['otpauthUri', 'secret'])
    expect(() => createTestAuth({ twoFactor: { qrCode: 'yes' as never } })).toThrow(
      /twoFactor\.qrCode: must be a function or false/,
    )
  })

  it('stores the secret sealed, never in clear, and never returns it after setup', async () => {
    const setup = await withTotpSetup()
    const factor = await setup.storage.getTotpFactor(setup.userId)
    expect(factor?.sealedSecret).toMatch(/^v1\./)
    expect(factor?.sealedSecret).not.toContain(setup.body.secret)
    const status = await setup.auth.handler(
      jsonRequest('GET', '/auth/two-factor', undefined, { cookie: setup.cookie }),
    )
    expect(await status.json()).toEqual({ totp: false, passkeys: 0, backupCodesRemaining: 0 })
  })

  it('a pending setup is not a factor: login needs no second step (M-7)', async () => {
    const setup = await withTotpSetup()
    expect((await passwordStep(setup.auth)).status).toBe(200)
  })

  it('enable with a wrong code is 400 invalid_code and leaves the factor pending', async () => {
    const setup = await withTotpSetup()
    const wrong = code(setup, setup.secret) === '000000' ? '111111' : '000000'
    const response = await setup.auth.handler(
      jsonRequest('POST', '/auth/two-factor/totp/enable', { code: wrong }, { cookie: setup.cookie }),
    )
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('invalid_code')
    expect((await setup.storage.getTotpFactor(setup.userId))?.enabled).toBe(false)
  })

  it('enable with a code returns 10 backup codes, stored hashed; status shows TOTP on', async () => {
    const setup = await withTotpSetup()
    const backupCodes = await enable(setup)
    expect(backupCodes).toHaveLength(10)
    expect(new Set(backupCodes).size).toBe(10)
    for (const backupCode of backupCodes)
      expect(backupCode).toMatch(/^([0-9a-hjkmnp-tv-z]{4}-){5}[0-9a-hjkmnp-tv-z]{4}$/)
    const status = await setup.auth.handler(
      jsonRequest('GET', '/auth/two-factor', undefined, { cookie: setup.cookie }),
    )
    expect(await status.json()).toEqual({ totp: true, passkeys: 0, backupCodesRemaining: 10 })
    expect(JSON.stringify(await setup.storage.getTotpFactor(setup.userId))).not.toContain(backupCodes[0])
  })

  it('a second setup while enabled is 409 two_factor_enabled', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    const again = await setup.auth.handler(
      jsonRequest('POST', '/auth/two-factor/totp/setup', undefined, { cookie: setup.cookie }),
    )
    expect(again.status).toBe(409)
    expect((await errorOf(again)).code).toBe('two_factor_enabled')
  })

  it('needs a signed-in user: 401 without credentials', async () => {
    const { auth } = createTestAuth()
    for (const path of [
      '/auth/two-factor/totp/setup',
      '/auth/two-factor/totp/enable',
      '/auth/two-factor/totp/disable',
    ])
      expect((await auth.handler(jsonRequest('POST', path, { code: '123456' }))).status).toBe(401)
    expect((await auth.handler(jsonRequest('GET', '/auth/two-factor'))).status).toBe(401)
  })
})

describe('login with TOTP', () => {
  it('password step: 401 two_factor_required with a challenge and methods, and no credential (M-1)', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    const response = await passwordStep(setup.auth)
    expect(response.status).toBe(401)
    expect(response.headers.getSetCookie()).toEqual([])
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toEqual({
      error: { code: 'two_factor_required', message: expect.any(String) },
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      methods: ['totp', 'backup_code'],
      expiresIn: 300,
    })
    // The challenge is no credential.
    const me = await setup.auth.handler(
      jsonRequest('GET', '/auth/me', undefined, { headers: { authorization: `Bearer ${body.challenge}` } }),
    )
    expect(me.status).toBe(401)
  })

  it('second step with the code: 200 with the user and a new session cookie', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    setup.clock.advanceSeconds(30)
    const challenge = await challengeOf(setup.auth)
    const response = await secondStep(setup.auth, challenge, code(setup, setup.secret))
    expect(response.status).toBe(200)
    const cookie = cookieFrom(response)
    expect(cookie).not.toBe(setup.cookie)
    const me = await setup.auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('ada@example.com')
  })

  it('a code is accepted once: the same code again, or the previous step after it, is 401 (M-2)', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    setup.clock.advanceSeconds(30)
    const current = code(setup, setup.secret)
    expect((await secondStep(setup.auth, await challengeOf(setup.auth), current)).status).toBe(200)
    const again = await secondStep(setup.auth, await challengeOf(setup.auth), current)
    expect(again.status).toBe(401)
    expect((await errorOf(again)).code).toBe('invalid_code')
    const older = await secondStep(setup.auth, await challengeOf(setup.auth), code(setup, setup.secret, -1))
    expect(older.status).toBe(401)
  })

  it('window of one step: T-1 accepted, T-2 refused, T+1 accepted (M-3)', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    setup.clock.advanceSeconds(300)
    expect(
      (await secondStep(setup.auth, await challengeOf(setup.auth), code(setup, setup.secret, -2))).status,
    ).toBe(401)
    expect(
      (await secondStep(setup.auth, await challengeOf(setup.auth), code(setup, setup.secret, -1))).status,
    ).toBe(200)
    expect(
      (await secondStep(setup.auth, await challengeOf(setup.auth), code(setup, setup.secret, 1))).status,
    ).toBe(200)
  })

  it('a wrong code keeps the challenge for another try; a right one spends it', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    setup.clock.advanceSeconds(30)
    const challenge = await challengeOf(setup.auth)
    const right = code(setup, setup.secret)
    const wrong = right === '000000' ? '111111' : '000000'
    expect((await secondStep(setup.auth, challenge, wrong)).status).toBe(401)
    expect((await secondStep(setup.auth, challenge, right)).status).toBe(200)
    setup.clock.advanceSeconds(30)
    const reused = await secondStep(setup.auth, challenge, code(setup, setup.secret))
    expect(reused.status).toBe(401)
    expect((await errorOf(reused)).code).toBe('invalid_challenge')
  })

  it('the challenge expires after 5 minutes', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    const challenge = await challengeOf(setup.auth)
    setup.clock.advanceSeconds(300)
    const late = await secondStep(setup.auth, challenge, code(setup, setup.secret))
    expect(late.status).toBe(401)
    expect((await errorOf(late)).code).toBe('invalid_challenge')
  })

  it('unknown, empty or overlong challenges are 401 invalid_challenge; wrong types are 400', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    for (const challenge of ['nope', '', 'x'.repeat(200)]) {
      const response = await secondStep(setup.auth, challenge, '123456')
      expect(response.status).toBe(401)
      expect((await errorOf(response)).code).toBe('invalid_challenge')
    }
    const numeric = await setup.auth.handler(
      jsonRequest('POST', '/auth/login/two-factor', {
        challenge: await challengeOf(setup.auth),
        code: 123456,
      }),
    )
    expect(numeric.status).toBe(400)
  })

  it('wrong codes are limited per account, across new challenges: the 6th attempt is 429 (M-4)', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    setup.clock.advanceSeconds(30)
    const right = code(setup, setup.secret)
    const wrong = right === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      const response = await secondStep(setup.auth, await challengeOf(setup.auth), wrong)
      expect(response.status, `attempt ${i + 1}`).toBe(401)
    }
    const locked = await secondStep(setup.auth, await challengeOf(setup.auth), right)
    expect(locked.status).toBe(429)
    expect((await errorOf(locked)).code).toBe('too_many_attempts')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    setup.clock.advanceSeconds(900)
    expect(
      (await secondStep(setup.auth, await challengeOf(setup.auth), code(setup, setup.secret))).status,
    ).toBe(200)
  })

  it('a backup code works once (M-5); the count drops', async () => {
    const setup = await withTotpSetup()
    const backupCodes = await enable(setup)
    const first = backupCodes[0]!
    expect(
      (await secondStep(setup.auth, await challengeOf(setup.auth), first.toUpperCase().replaceAll('-', ' ')))
        .status,
    ).toBe(200)
    expect((await secondStep(setup.auth, await challengeOf(setup.auth), first)).status).toBe(401)
    expect(await setup.storage.countBackupCodes(setup.userId)).toBe(9)
  })

  it('emits two_factor_failed on a wrong code, login_succeeded only after the second step', async () => {
    const events: AuthEvent[] = []
    const setup = await withTotpSetup({ onEvent: (event) => void events.push(event) })
    await enable(setup)
    setup.clock.advanceSeconds(30)
    events.length = 0
    const challenge = await challengeOf(setup.auth)
    expect(events.map((e) => e.type)).toEqual([])
    await secondStep(setup.auth, challenge, '000000' === code(setup, setup.secret) ? '111111' : '000000')
    await secondStep(setup.auth, challenge, code(setup, setup.secret))
    expect(events.map((e) => e.type)).toEqual(['two_factor_failed', 'login_succeeded'])
  })

  it('after a password reset the account still needs its second factor', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    await setup.auth.api.setPassword(setup.userId, 'a brand new passphrase for ada')
    const response = await setup.auth.handler(
      jsonRequest('POST', '/auth/login', {
        identifier: 'ada@example.com',
        password: 'a brand new passphrase for ada',
      }),
    )
    expect(response.status).toBe(401)
    expect((await errorOf(response)).code).toBe('two_factor_required')
  })
})

describe('TOTP disable and backup-code regeneration', () => {
  it('disable without a proof is 400; with a wrong password 400; with the password 204 (M-6)', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    const disable = (body: unknown) =>
      setup.auth.handler(jsonRequest('POST', '/auth/two-factor/totp/disable', body, { cookie: setup.cookie }))
    expect((await disable({})).status).toBe(400)
    const wrong = await disable({ password: 'not the password at all' })
    expect(wrong.status).toBe(400)
    expect((await errorOf(wrong)).code).toBe('invalid_credentials')
    expect((await disable({ password: GOOD_PASSWORD })).status).toBe(204)
    expect(await setup.storage.getTotpFactor(setup.userId)).toBeNull()
    expect(await setup.storage.countBackupCodes(setup.userId)).toBe(0)
    expect((await passwordStep(setup.auth)).status).toBe(200)
  })

  it('disable with a current code works; a used code does not', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    setup.clock.advanceSeconds(30)
    const disable = (body: unknown) =>
      setup.auth.handler(jsonRequest('POST', '/auth/two-factor/totp/disable', body, { cookie: setup.cookie }))
    const current = code(setup, setup.secret)
    expect((await secondStep(setup.auth, await challengeOf(setup.auth), current)).status).toBe(200)
    expect((await disable({ code: current })).status).toBe(400)
    setup.clock.advanceSeconds(30)
    expect((await disable({ code: code(setup, setup.secret) })).status).toBe(204)
  })

  it('regenerating backup codes needs a proof and kills every old code (M-5)', async () => {
    const setup = await withTotpSetup()
    const old = await enable(setup)
    const response = await setup.auth.handler(
      jsonRequest(
        'POST',
        '/auth/two-factor/backup-codes',
        { password: GOOD_PASSWORD },
        { cookie: setup.cookie },
      ),
    )
    expect(response.status).toBe(200)
    const fresh = ((await response.json()) as { backupCodes: string[] }).backupCodes
    expect(fresh).toHaveLength(10)
    for (const oldCode of old.slice(0, 3))
      expect((await secondStep(setup.auth, await challengeOf(setup.auth), oldCode)).status).toBe(401)
    expect((await secondStep(setup.auth, await challengeOf(setup.auth), fresh[0]!)).status).toBe(200)
  })

  it('an API key cannot manage second factors (403)', async () => {
    const setup = await withTotpSetup()
    const created = await setup.auth.handler(
      jsonRequest('POST', '/auth/api-keys', { name: 'ci' }, { cookie: setup.cookie }),
    )
    const { key } = (await created.json()) as { key: string }
    const response = await setup.auth.handler(
      jsonRequest('POST', '/auth/two-factor/totp/setup', undefined, {
        headers: { authorization: `Bearer ${key}` },
      }),
    )
    expect(response.status).toBe(403)
  })

  it('login after logout still needs the factor', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    await setup.auth.handler(jsonRequest('POST', '/auth/logout', undefined, { cookie: setup.cookie }))
    await expect(login(setup.auth)).rejects.toThrow(/401/)
  })
})

describe('auth.api second factors', () => {
  it('twoFactorStatus reports; resetSecondFactors removes every factor and ends every session', async () => {
    const setup = await withTotpSetup()
    await enable(setup)
    expect(await setup.auth.api.twoFactorStatus(setup.userId)).toEqual({
      totp: true,
      passkeys: 0,
      backupCodesRemaining: 10,
    })
    await setup.auth.api.resetSecondFactors(setup.userId)
    expect(await setup.auth.api.twoFactorStatus(setup.userId)).toEqual({
      totp: false,
      passkeys: 0,
      backupCodesRemaining: 0,
    })
    expect(
      (await setup.auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie: setup.cookie }))).status,
    ).toBe(401)
    expect((await passwordStep(setup.auth)).status).toBe(200)
  })
})

describe('adding a factor needs a recent login', () => {
  it('TOTP setup and passkey options answer 403 reauthentication_required on a session older than 15 minutes', async () => {
    const setup = createTestAuth()
    const { cookie } = await register(setup.auth)
    setup.clock.advanceSeconds(901)
    for (const path of ['/auth/two-factor/totp/setup', '/auth/passkeys/register/options']) {
      const response = await setup.auth.handler(jsonRequest('POST', path, undefined, { cookie }))
      expect(response.status, path).toBe(403)
      expect((await errorOf(response)).code).toBe('reauthentication_required')
    }
    // Other account pages still work with that session; a new login allows the setup again.
    expect(
      (await setup.auth.handler(jsonRequest('GET', '/auth/two-factor', undefined, { cookie }))).status,
    ).toBe(200)
    const fresh = await login(setup.auth)
    expect(
      (
        await setup.auth.handler(
          jsonRequest('POST', '/auth/two-factor/totp/setup', undefined, { cookie: fresh }),
        )
      ).status,
    ).toBe(200)
  })

  it("counts an access token's login by its session (sid)", async () => {
    const setup = createTestAuth({ jwt: {}, mode: 'development', twoFactor: { recentLoginSeconds: 60 } })
    await register(setup.auth)
    const response = await setup.auth.handler(
      jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
    )
    const { accessToken } = (await response.json()) as { accessToken: string }
    const bearer = { authorization: `Bearer ${accessToken}` }
    const setupAt = () =>
      setup.auth.handler(jsonRequest('POST', '/auth/two-factor/totp/setup', undefined, { headers: bearer }))
    expect((await setupAt()).status).toBe(200)
    setup.clock.advanceSeconds(61)
    const late = await setupAt()
    expect(late.status).toBe(403)
    expect((await errorOf(late)).code).toBe('reauthentication_required')
  })
})
