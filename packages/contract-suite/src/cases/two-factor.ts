import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { totpCode, totpStep } from '@portcullis/core'
import { createSoftwareAuthenticator } from '@portcullis/core/testing'
import { describe, expect, it } from 'vitest'
import { type ContractContext, PASSWORD, signUp } from '../context.js'

/** TOTP with backup codes, the login's second step, passkeys. */
export function describeTwoFactor(c: ContractContext): void {
  describe('second factors', () => {
    it('TOTP: setup, enable with a code, then login needs the second step; a code works once', async () => {
      const browser = c.browser()
      const email = c.email('otp')
      await signUp(browser, email)
      const setup = await browser.request('POST', '/two-factor/totp/setup')
      expect(setup.status).toBe(200)
      expect(setup.json.otpauthUri).toMatch(/^otpauth:\/\/totp\//)
      expect(setup.json.qrCodeSvg).toMatch(/^<svg/)
      const secret = decodeBase32IgnorePadding(setup.json.secret)
      // The server's clock is real: use this step to enable, the next one (window +1) to log in.
      const step = totpStep(new Date())
      const enable = await browser.request('POST', '/two-factor/totp/enable', {
        code: totpCode(secret, step),
      })
      expect(enable.status).toBe(200)
      expect(enable.json.backupCodes).toHaveLength(10)
      const status = await browser.request('GET', '/two-factor')
      expect(status.json).toEqual({ totp: true, passkeys: 0, backupCodesRemaining: 10 })

      const other = c.browser()
      const first = await other.request('POST', '/login', { identifier: email, password: PASSWORD })
      expect(first.status).toBe(401)
      expect(first.json.error.code).toBe('two_factor_required')
      expect(first.json.methods).toEqual(['totp', 'backup_code'])
      expect(other.cookieNames()).toEqual([])
      const me = await other.request('GET', '/me', undefined, {
        headers: { authorization: `Bearer ${first.json.challenge}` },
      })
      expect(me.status).toBe(401)
      const code = totpCode(secret, step + 1)
      const second = await other.request('POST', '/login/two-factor', {
        challenge: first.json.challenge,
        code,
      })
      expect(second.status).toBe(200)
      expect((await other.request('GET', '/me')).json.user.email).toBe(email)

      const third = c.browser()
      const again = await third.request('POST', '/login', { identifier: email, password: PASSWORD })
      const replay = await third.request('POST', '/login/two-factor', {
        challenge: again.json.challenge,
        code,
      })
      expect(replay.status).toBe(401)
      expect(replay.json.error.code).toBe('invalid_code')
      const backup = await third.request('POST', '/login/two-factor', {
        challenge: again.json.challenge,
        code: enable.json.backupCodes[0],
      })
      expect(backup.status).toBe(200)
    })

    it.runIf(c.features.passkeys)(
      'passkeys: register from a signed-in browser, then sign in without a password',
      async () => {
        const browser = c.browser()
        const email = c.email('key')
        await signUp(browser, email)
        const authenticator = createSoftwareAuthenticator()
        const origin = c.target().origin
        const creation = await browser.request('POST', '/passkeys/register/options')
        expect(creation.status).toBe(200)
        expect(creation.json.options.rp.id).toBe(new URL(origin).hostname)
        const registration = await authenticator.register(creation.json.options, { origin })
        const verify = await browser.request('POST', '/passkeys/register/verify', {
          response: registration,
          name: 'Laptop',
        })
        expect(verify.status).toBe(200)
        expect(verify.json.passkey.name).toBe('Laptop')

        const guest = c.browser()
        const options = await guest.request('POST', '/passkeys/login/options', {})
        const assertion = await authenticator.authenticate(options.json.options, { origin })
        const login = await guest.request('POST', '/passkeys/login/verify', { response: assertion })
        expect(login.status).toBe(200)
        expect((await guest.request('GET', '/me')).json.user.email).toBe(email)
        const replay = await c.browser().request('POST', '/passkeys/login/verify', { response: assertion })
        expect(replay.status).toBe(400)
        expect(replay.json.error.code).toBe('invalid_credential')

        const list = await browser.request('GET', '/passkeys')
        expect(list.json.passkeys).toHaveLength(1)
        expect(list.text).not.toContain(registration.response.attestationObject)
      },
    )
  })
}
