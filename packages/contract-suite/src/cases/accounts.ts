import { describe, expect, it } from 'vitest'
import { type ContractContext, PASSWORD, signUp } from '../context.js'

/** Register, login, me, logout, sessions and change-password. */
export function describeAccounts(c: ContractContext): void {
  describe('accounts and sessions', () => {
    it('register answers 201 with the user and a session cookie; GET /me knows them', async () => {
      const browser = c.browser()
      const email = c.email('ada')
      const answer = await browser.request('POST', '/register', { email, password: PASSWORD })
      expect(answer.status).toBe(201)
      expect(answer.json.user).toMatchObject({ email, emailVerified: false })
      expect(answer.json.user).not.toHaveProperty('passwordHash')
      expect(answer.headers.get('cache-control')).toContain('no-store')
      const me = await browser.request('GET', '/me')
      expect(me.status).toBe(200)
      expect(me.json.user.email).toBe(email)
    })

    it('refuses a taken email (409), a weak password and wrong types (400)', async () => {
      const browser = c.browser()
      const email = c.email('taken')
      await signUp(browser, email)
      const again = await c.browser().request('POST', '/register', { email, password: PASSWORD })
      expect(again.status).toBe(409)
      expect(again.json.error.code).toBe('email_taken')
      const weak = await c
        .browser()
        .request('POST', '/register', { email: c.email('weak'), password: 'short' })
      expect(weak.status).toBe(400)
      expect(weak.json.error.code).toBe('weak_password')
      const typed = await c
        .browser()
        .request('POST', '/register', { email: c.email('typed'), password: 12345 })
      expect(typed.status).toBe(400)
      expect(typed.json.error.code).toBe('invalid_request')
    })

    it('login: wrong password 401 invalid_credentials; right one 200 with a new session; logout ends it', async () => {
      const first = c.browser()
      const email = c.email('lin')
      await signUp(first, email)
      const browser = c.browser()
      const wrong = await browser.request('POST', '/login', {
        identifier: email,
        password: 'not the password at all',
      })
      expect(wrong.status).toBe(401)
      expect(wrong.json.error.code).toBe('invalid_credentials')
      const unknown = await browser.request('POST', '/login', {
        identifier: c.email('nobody'),
        password: PASSWORD,
      })
      expect(unknown.status).toBe(401)
      expect(unknown.json.error.code).toBe('invalid_credentials')
      const login = await browser.request('POST', '/login', { identifier: email, password: PASSWORD })
      expect(login.status).toBe(200)
      expect(login.json.user.email).toBe(email)
      expect((await browser.request('GET', '/me')).status).toBe(200)
      const logout = await browser.request('POST', '/logout')
      expect(logout.status).toBe(204)
      expect(logout.headers.get('clear-site-data')).toContain('"cookies"')
      expect((await browser.request('GET', '/me')).status).toBe(401)
      // The first browser's session is another one: still alive.
      expect((await first.request('GET', '/me')).status).toBe(200)
    })

    it('sessions: listed with the current one marked; revoking another ends it there', async () => {
      const laptop = c.browser()
      const email = c.email('ses')
      await signUp(laptop, email)
      const phone = c.browser()
      expect((await phone.request('POST', '/login', { identifier: email, password: PASSWORD })).status).toBe(
        200,
      )
      const list = await laptop.request('GET', '/sessions')
      expect(list.status).toBe(200)
      expect(list.json.sessions).toHaveLength(2)
      const other = list.json.sessions.find((s: { current: boolean }) => !s.current)
      expect(other).toBeDefined()
      expect(list.json.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1)
      expect((await laptop.request('DELETE', `/sessions/${other.id}`)).status).toBe(204)
      expect((await phone.request('GET', '/me')).status).toBe(401)
      expect((await laptop.request('DELETE', `/sessions/${other.id}`)).status).toBe(404)
      expect((await laptop.request('GET', '/me')).status).toBe(200)
    })

    it('change-password: wrong current 400; right one 204, other sessions end, the new password works', async () => {
      const browser = c.browser()
      const email = c.email('chg')
      await signUp(browser, email)
      const other = c.browser()
      await other.request('POST', '/login', { identifier: email, password: PASSWORD })
      const next = 'an entirely different passphrase'
      const wrong = await browser.request('POST', '/change-password', {
        currentPassword: 'nope nope nope nope',
        newPassword: next,
      })
      expect(wrong.status).toBe(400)
      const right = await browser.request('POST', '/change-password', {
        currentPassword: PASSWORD,
        newPassword: next,
      })
      expect(right.status).toBe(204)
      expect((await other.request('GET', '/me')).status).toBe(401)
      expect((await browser.request('GET', '/me')).status).toBe(200)
      const fresh = c.browser()
      expect((await fresh.request('POST', '/login', { identifier: email, password: PASSWORD })).status).toBe(
        401,
      )
      expect((await fresh.request('POST', '/login', { identifier: email, password: next })).status).toBe(200)
    })
  })
}
