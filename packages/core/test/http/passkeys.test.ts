import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { describe, expect, it } from 'vitest'
import { type AuthEvent, passkeys } from '../../src/index.js'
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../../src/passkeys/index.js'
import {
  createSoftwareAuthenticator,
  type SoftwareAuthenticator,
} from '../../src/testing/webauthn-authenticator.js'
import { totpCode, totpStep } from '../../src/two-factor/totp.js'
import {
  APP_ORIGIN,
  cookieFrom,
  createTestAuth,
  errorOf,
  GOOD_PASSWORD,
  jsonRequest,
  register,
} from '../helpers/test-auth.js'

type Setup = ReturnType<typeof createTestAuth>
const ORIGIN = { origin: APP_ORIGIN }

async function post(setup: Setup, path: string, body: unknown, cookie?: string) {
  return setup.auth.handler(jsonRequest('POST', `/auth${path}`, body, { cookie: cookie ?? null }))
}

async function registrationOptionsFor(setup: Setup, cookie: string) {
  const response = await post(setup, '/passkeys/register/options', undefined, cookie)
  expect(response.status).toBe(200)
  return ((await response.json()) as { options: PublicKeyCredentialCreationOptionsJSON }).options
}

async function loginOptions(setup: Setup, challenge?: string) {
  const response = await post(setup, '/passkeys/login/options', challenge ? { challenge } : {})
  expect(response.status).toBe(200)
  return ((await response.json()) as { options: PublicKeyCredentialRequestOptionsJSON }).options
}

/** Ada registered, with one passkey on `authenticator`. */
async function withPasskey(
  options: Parameters<typeof createTestAuth>[0] = {},
  authenticator = createSoftwareAuthenticator(),
) {
  const setup = createTestAuth(options)
  const { cookie, userId } = await register(setup.auth)
  const creation = await registrationOptionsFor(setup, cookie)
  const response = await post(
    setup,
    '/passkeys/register/verify',
    { response: await authenticator.register(creation, ORIGIN), name: 'Laptop' },
    cookie,
  )
  expect(response.status).toBe(200)
  return { ...setup, cookie, userId, authenticator }
}

async function passwordlessLogin(setup: Setup, authenticator: SoftwareAuthenticator, tamper = {}) {
  const options = await loginOptions(setup)
  return post(setup, '/passkeys/login/verify', {
    response: await authenticator.authenticate(options, { ...ORIGIN, ...tamper }),
  })
}

describe('passkey registration', () => {
  it('options name the RP from the origin, a 32-byte challenge, the user handle, no personal id', async () => {
    const setup = createTestAuth()
    const { cookie, userId } = await register(setup.auth)
    const options = await registrationOptionsFor(setup, cookie)
    expect(options.rp).toEqual({ id: 'app.test', name: 'app.test' })
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(options.user.name).toBe('ada@example.com')
    expect(options.user.id).not.toContain('ada')
    expect(Buffer.from(options.user.id, 'base64url').toString('hex')).toBe(userId.replaceAll('-', ''))
    expect(options.attestation).toBe('none')
  })

  it('verify stores the passkey; list shows it without key material; status counts it', async () => {
    const setup = await withPasskey()
    const list = await setup.auth.handler(
      jsonRequest('GET', '/auth/passkeys', undefined, { cookie: setup.cookie }),
    )
    const { passkeys } = (await list.json()) as { passkeys: Record<string, unknown>[] }
    expect(passkeys).toHaveLength(1)
    expect(passkeys[0]).toEqual({
      id: expect.any(String),
      name: 'Laptop',
      createdAt: expect.any(String),
      lastUsedAt: null,
      backedUp: false,
      transports: expect.any(Array),
    })
    const status = await setup.auth.handler(
      jsonRequest('GET', '/auth/two-factor', undefined, { cookie: setup.cookie }),
    )
    expect(await status.json()).toEqual({ totp: false, passkeys: 1, backupCodesRemaining: 0 })
  })

  it('the registration challenge is single use (W-1) and bound to the user who asked', async () => {
    const setup = createTestAuth()
    const ada = await register(setup.auth)
    const grace = await register(setup.auth, { email: 'grace@example.com' })
    const authenticator = createSoftwareAuthenticator()
    const creation = await registrationOptionsFor(setup, ada.cookie)
    const response = await authenticator.register(creation, ORIGIN)
    const stolen = await post(setup, '/passkeys/register/verify', { response }, grace.cookie)
    expect(stolen.status).toBe(400)
    expect((await errorOf(stolen)).code).toBe('invalid_credential')
    // The ceremony was spent by the failed attempt: Ada must start again.
    const late = await post(setup, '/passkeys/register/verify', { response }, ada.cookie)
    expect(late.status).toBe(400)
  })

  it('refuses a wrong origin, a wrong RP id, a webauthn.get type, no user presence (W-2..W-4)', async () => {
    const setup = createTestAuth()
    const { cookie } = await register(setup.auth)
    const authenticator = createSoftwareAuthenticator()
    for (const tamper of [
      { clientOrigin: 'https://evil.test' },
      { rpId: 'evil.test' },
      { type: 'webauthn.get' },
      { userPresent: false },
    ]) {
      const creation = await registrationOptionsFor(setup, cookie)
      const response = await post(
        setup,
        '/passkeys/register/verify',
        { response: await authenticator.register(creation, { ...ORIGIN, ...tamper }) },
        cookie,
      )
      expect(response.status, JSON.stringify(tamper)).toBe(400)
      expect((await errorOf(response)).code).toBe('invalid_credential')
    }
    expect(
      await setup.storage.listUserPasskeys((await setup.auth.api.findUserByEmail('ada@example.com'))!.id),
    ).toEqual([])
  })

  it('a credential id already registered to another user is refused (W-6)', async () => {
    const setup = createTestAuth()
    const ada = await register(setup.auth)
    const grace = await register(setup.auth, { email: 'grace@example.com' })
    const authenticator = createSoftwareAuthenticator()
    const first = await authenticator.register(await registrationOptionsFor(setup, ada.cookie), ORIGIN)
    expect((await post(setup, '/passkeys/register/verify', { response: first }, ada.cookie)).status).toBe(200)
    // Grace's browser replays Ada's credential against Grace's own ceremony.
    const graceOptions = await registrationOptionsFor(setup, grace.cookie)
    const forged = await authenticator.register(graceOptions, ORIGIN)
    const replay = {
      ...forged,
      id: first.id,
      rawId: first.rawId,
    }
    const response = await post(setup, '/passkeys/register/verify', { response: replay }, grace.cookie)
    expect(response.status).toBe(400)
  })

  it('UV required by policy: a credential made without user verification is refused', async () => {
    const setup = createTestAuth({ passkeys: passkeys({ userVerification: 'required' }) })
    const { cookie } = await register(setup.auth)
    const authenticator = createSoftwareAuthenticator({ userVerification: false })
    const response = await post(
      setup,
      '/passkeys/register/verify',
      { response: await authenticator.register(await registrationOptionsFor(setup, cookie), ORIGIN) },
      cookie,
    )
    expect(response.status).toBe(400)
  })

  it('needs a signed-in user; malformed bodies are 400, never 500', async () => {
    const setup = createTestAuth()
    expect((await post(setup, '/passkeys/register/options', undefined)).status).toBe(401)
    const { cookie } = await register(setup.auth)
    for (const body of [
      {},
      { response: 'x' },
      { response: {} },
      { response: { response: { clientDataJSON: '%%%' } } },
    ]) {
      const response = await post(setup, '/passkeys/register/verify', body, cookie)
      expect(response.status, JSON.stringify(body)).toBe(400)
    }
  })
})

describe('passwordless passkey login', () => {
  it('signs in with the passkey: 200, user and a new session cookie; lastUsedAt is set', async () => {
    const setup = await withPasskey()
    setup.clock.advanceSeconds(60)
    const response = await passwordlessLogin(setup, setup.authenticator)
    expect(response.status).toBe(200)
    const cookie = cookieFrom(response)
    const me = await setup.auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(setup.userId)
    const [passkey] = await setup.storage.listUserPasskeys(setup.userId)
    expect(passkey?.lastUsedAt).toEqual(setup.clock.now())
  })

  it('options carry no allowCredentials and require user verification', async () => {
    const setup = createTestAuth()
    const options = await loginOptions(setup)
    expect(options.allowCredentials).toEqual([])
    expect(options.userVerification).toBe('required')
    expect(options.rpId).toBe('app.test')
  })

  it('an assertion without user verification is refused for a passwordless login', async () => {
    const setup = await withPasskey({}, createSoftwareAuthenticator({ userVerification: false }))
    const response = await passwordlessLogin(setup, setup.authenticator)
    expect(response.status).toBe(400)
  })

  it('the login challenge is single use: a replayed assertion is refused (W-1)', async () => {
    const setup = await withPasskey()
    const options = await loginOptions(setup)
    const assertion = await setup.authenticator.authenticate(options, ORIGIN)
    expect((await post(setup, '/passkeys/login/verify', { response: assertion })).status).toBe(200)
    const replay = await post(setup, '/passkeys/login/verify', { response: assertion })
    expect(replay.status).toBe(400)
    expect((await errorOf(replay)).code).toBe('invalid_credential')
  })

  it('refuses an unknown challenge, a wrong origin, a create type, a bad signature (W-1..W-5)', async () => {
    const setup = await withPasskey()
    for (const tamper of [
      { challenge: 'A'.repeat(43) },
      { clientOrigin: 'https://evil.test' },
      { rpId: 'evil.test' },
      { type: 'webauthn.create' },
      { userPresent: false },
      { corruptSignature: true },
      { idMismatch: true },
    ]) {
      const response = await passwordlessLogin(setup, setup.authenticator, tamper)
      expect(response.status, JSON.stringify(tamper)).toBe(400)
    }
    const assertion = await setup.authenticator.authenticate(await loginOptions(setup), ORIGIN)
    const unknown = await post(setup, '/passkeys/login/verify', {
      response: { ...assertion, id: 'AAAA', rawId: 'AAAA' },
    })
    expect(unknown.status).toBe(400)
    expect((await errorOf(unknown)).fields).toEqual({ credential: 'unknown_credential' })
  })

  it('a counter that goes backwards is let through with a passkey_counter_warning event (W-7)', async () => {
    const events: AuthEvent[] = []
    const setup = await withPasskey({ onEvent: (event) => void events.push(event) })
    expect((await passwordlessLogin(setup, setup.authenticator)).status).toBe(200)
    events.length = 0
    const response = await passwordlessLogin(setup, setup.authenticator, { signCount: 1 })
    expect(response.status).toBe(200)
    expect(events.map((e) => e.type)).toContain('passkey_counter_warning')
  })

  it('a disabled user cannot sign in with a passkey', async () => {
    const setup = await withPasskey()
    await setup.auth.api.updateUser(setup.userId, { isActive: false })
    const response = await passwordlessLogin(setup, setup.authenticator)
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe('account_disabled')
  })

  it('a deleted passkey no longer signs in; delete is 404 for someone else', async () => {
    const setup = await withPasskey()
    const grace = await register(setup.auth, { email: 'grace@example.com' })
    const [passkey] = await setup.storage.listUserPasskeys(setup.userId)
    const foreign = await setup.auth.handler(
      jsonRequest('DELETE', `/auth/passkeys/${passkey!.id}`, undefined, { cookie: grace.cookie }),
    )
    expect(foreign.status).toBe(404)
    const own = await setup.auth.handler(
      jsonRequest('DELETE', `/auth/passkeys/${passkey!.id}`, undefined, { cookie: setup.cookie }),
    )
    expect(own.status).toBe(204)
    expect((await passwordlessLogin(setup, setup.authenticator)).status).toBe(400)
  })
})

describe('passkey as a second factor', () => {
  async function challengeOf(setup: Setup): Promise<{ challenge: string; methods: string[] }> {
    const response = await post(setup, '/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD })
    expect(response.status).toBe(401)
    return (await response.json()) as { challenge: string; methods: string[] }
  }

  it('a password login on an account with a passkey asks for it; the passkey finishes the login', async () => {
    const setup = await withPasskey()
    const { challenge, methods } = await challengeOf(setup)
    expect(methods).toEqual(['webauthn'])
    const options = await loginOptions(setup, challenge)
    expect(options.allowCredentials.map((c) => c.id)).toEqual(
      setup.authenticator.credentials().map((c) => c.id),
    )
    const response = await post(setup, '/passkeys/login/verify', {
      response: await setup.authenticator.authenticate(options, ORIGIN),
      challenge,
    })
    expect(response.status).toBe(200)
    expect(cookieFrom(response)).toMatch(/session/)
    // The password step's challenge is spent.
    const reuse = await post(setup, '/passkeys/login/options', { challenge })
    expect(reuse.status).toBe(401)
  })

  it('an assertion bound to a challenge is refused without it, or with another', async () => {
    const setup = await withPasskey()
    const { challenge } = await challengeOf(setup)
    const options = await loginOptions(setup, challenge)
    const assertion = await setup.authenticator.authenticate(options, ORIGIN)
    const without = await post(setup, '/passkeys/login/verify', { response: assertion })
    expect(without.status).toBe(401)
    expect((await errorOf(without)).code).toBe('invalid_challenge')
  })

  it("another user's passkey cannot answer Ada's second step", async () => {
    const setup = await withPasskey()
    const grace = await register(setup.auth, { email: 'grace@example.com' })
    const graceKey = createSoftwareAuthenticator()
    await post(
      setup,
      '/passkeys/register/verify',
      { response: await graceKey.register(await registrationOptionsFor(setup, grace.cookie), ORIGIN) },
      grace.cookie,
    )
    const { challenge } = await challengeOf(setup)
    const options = await loginOptions(setup, challenge)
    const response = await post(setup, '/passkeys/login/verify', {
      response: await graceKey.authenticate({ ...options, allowCredentials: [] }, ORIGIN),
      challenge,
    })
    expect(response.status).toBe(400)
  })

  it('with TOTP too, the methods list TOTP, passkey and backup codes', async () => {
    const setup = await withPasskey()
    const start = await post(setup, '/two-factor/totp/setup', undefined, setup.cookie)
    const secret = decodeBase32IgnorePadding(((await start.json()) as { secret: string }).secret)
    const enable = await post(
      setup,
      '/two-factor/totp/enable',
      { code: totpCode(secret, totpStep(setup.clock.now())) },
      setup.cookie,
    )
    expect(enable.status).toBe(200)
    const { methods } = await challengeOf(setup)
    expect(methods).toEqual(['totp', 'webauthn', 'backup_code'])
  })
})

describe('userHandleOf', () => {
  it('is the 16 bytes of a UUID, the UTF-8 bytes of a short foreign id, a SHA-256 of a long one', async () => {
    const { userHandleOf } = await import('../../src/flows/passkeys.js')
    expect(Buffer.from(userHandleOf('0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toString('hex')).toBe(
      '0193a1b2c3d47e5f8a9b0c1d2e3f4a5b',
    )
    expect(new TextDecoder().decode(userHandleOf('legacy-user-42'))).toBe('legacy-user-42')
    const long = userHandleOf('x'.repeat(100))
    expect(long.byteLength).toBe(32)
    expect(Buffer.from(long)).not.toEqual(Buffer.from(userHandleOf('x'.repeat(101))))
    // Distinct foreign ids never share a handle (they did when non-hex characters parsed as 0).
    expect(Buffer.from(userHandleOf('user-a'))).not.toEqual(Buffer.from(userHandleOf('user-b')))
  })
})

describe('passkeys are opt-in', () => {
  it('without passkeys() every /passkeys endpoint is 404 and createAuth warns about no rpId', async () => {
    const setup = createTestAuth({ passkeys: undefined })
    const { cookie } = await register(setup.auth)
    for (const [method, path] of [
      ['POST', '/passkeys/register/options'],
      ['POST', '/passkeys/register/verify'],
      ['POST', '/passkeys/login/options'],
      ['POST', '/passkeys/login/verify'],
      ['GET', '/passkeys'],
      ['DELETE', '/passkeys/abc'],
    ] as const) {
      const body = method === 'POST' ? {} : undefined
      const response = await setup.auth.handler(jsonRequest(method, `/auth${path}`, body, { cookie }))
      expect(response.status, `${method} ${path}`).toBe(404)
      expect((await errorOf(response)).code).toBe('not_found')
    }
    expect(setup.logger.warnings.filter((w) => w.includes('rpId'))).toEqual([])
  })

  it('an account that has a passkey still needs a second factor where passkeys() is off', async () => {
    const { storage } = await withPasskey()
    // The same storage behind an instance without passkeys (another service of the same app).
    const other = createTestAuth({ storage, passkeys: undefined })
    const login = await other.auth.handler(
      jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
    )
    expect(login.status).toBe(401)
    const body = (await login.json()) as { error: { code: string }; methods: string[] }
    expect(body.error.code).toBe('two_factor_required')
    expect(body.methods).toEqual(['webauthn'])
    expect(login.headers.get('set-cookie')).toBeNull()
  })

  it('refuses the options object of earlier versions with a pointer to passkeys()', () => {
    expect(() => createTestAuth({ passkeys: { rpId: 'app.test' } as never })).toThrow(
      /passkeys: must be passkeys\(\{ … \}\) from @portcullis\/core\/passkeys/,
    )
  })
})
