import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PAGE_CSP } from '../src/demo-page.js'
import { APP_ORIGIN, client, type RunningApp, startApp } from './helpers.js'

interface UserBody {
  user: { id: string; email: string; username: string | null; displayName?: string; roles: string[] }
}
interface SessionsBody {
  sessions: { id: string; ip: string | null; current: boolean }[]
}
interface ErrorBody {
  error: { code: string; message: string }
}

const email = 'ada@example.com'
const password = 'correct horse battery staple'
const newPassword = 'a brand new passphrase for ada'

let running: RunningApp

beforeAll(async () => {
  running = await startApp()
})

afterAll(async () => {
  await running.close()
})

describe('example app over HTTP', () => {
  it('serves the demo page at / with its script and style, under a strict CSP', async () => {
    const page = await fetch(`${running.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toBe(DEMO_PAGE_CSP)
    const html = await page.text()
    expect(html).toContain('<script type="module" src="/demo.js"></script>')
    // No inline script: the CSP would refuse it.
    expect(html.match(/<script/g)).toHaveLength(1)
    const script = await fetch(`${running.url}/demo.js`)
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(await script.text()).toContain("api('POST', '/login'")
    const style = await fetch(`${running.url}/demo.css`)
    expect(style.headers.get('content-type')).toMatch(/^text\/css/)
    expect((await fetch(`${running.url}/package.json`)).status).toBe(404)
    expect((await fetch(`${running.url}/..%2fpackage.json`)).status).toBe(404)
  })

  it('serves an index of the endpoints at /endpoints', async () => {
    const response = await fetch(`${running.url}/endpoints`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { origin: string; endpoints: Record<string, string> }
    expect(body.origin).toBe(APP_ORIGIN)
    expect(Object.keys(body.endpoints)).toContain('POST /auth/register')
    expect(Object.keys(body.endpoints)).toContain('GET /api/private')
  })

  it('answers JSON 404 elsewhere', async () => {
    const response = await fetch(`${running.url}/nope`)
    expect(response.status).toBe(404)
    expect(((await response.json()) as ErrorBody).error.code).toBe('not_found')
  })

  it('refuses an unsafe request without a trusted Origin (csrf_rejected)', async () => {
    const attempts: Record<string, string>[] = [
      { 'Content-Type': 'application/json' },
      { 'Content-Type': 'application/json', Origin: 'http://evil.test' },
      { 'Content-Type': 'application/json', Origin: `${APP_ORIGIN}.evil.test` },
      { 'Content-Type': 'application/json', Origin: APP_ORIGIN, 'Sec-Fetch-Site': 'cross-site' },
    ]
    for (const headers of attempts) {
      const response = await fetch(`${running.url}/auth/register`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'mallory@example.com', password }),
      })
      expect(response.status).toBe(403)
      expect(((await response.json()) as ErrorBody).error.code).toBe('csrf_rejected')
    }
  })

  it('refuses a weak password', async () => {
    const response = await client(running.url).send('POST', '/auth/register', {
      email: 'weak@example.com',
      password: 'short',
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorBody).error.code).toBe('weak_password')
  })

  it('walks register → login → me → private → change-password → sessions → logout', async () => {
    const first = client(running.url)
    const second = client(running.url)
    const third = client(running.url)

    // register: 201 {user} with the custom field, a session cookie, no secret in the user
    const registered = await first.send('POST', '/auth/register', { email, password, displayName: 'Ada' })
    expect(registered.status).toBe(201)
    const { user } = (await registered.json()) as UserBody
    expect(user).toMatchObject({ email, displayName: 'Ada', roles: [] })
    expect(JSON.stringify(user)).not.toMatch(/passwordHash|argon2/)
    // The session cookie, and the refresh cookie (scoped to /auth/refresh).
    expect(first.jar.size).toBe(2)

    // login from a second client: 200 {user} + its own cookie
    const login = await second.send('POST', '/auth/login', { identifier: email, password })
    expect(login.status).toBe(200)
    expect(((await login.json()) as UserBody).user.id).toBe(user.id)
    const setCookie = login.headers.getSetCookie().join('\n')
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)

    // me and the protected API route
    const me = await second.send('GET', '/auth/me')
    expect(me.status).toBe(200)
    expect(((await me.json()) as UserBody).user.email).toBe(email)
    const privateRoute = await second.send('GET', '/api/private')
    expect(privateRoute.status).toBe(200)
    expect(((await privateRoute.json()) as UserBody).user).toMatchObject({ id: user.id, displayName: 'Ada' })

    // PATCH /me changes the custom field
    const patched = await second.send('PATCH', '/auth/me', { displayName: 'Ada L.' })
    expect(patched.status).toBe(200)
    expect(((await patched.json()) as UserBody).user.displayName).toBe('Ada L.')

    // two sessions, recorded with the socket address that @hono/node-server's conn info gave
    const listed = (await (await second.send('GET', '/auth/sessions')).json()) as SessionsBody
    expect(listed.sessions).toHaveLength(2)
    expect(listed.sessions.map((s) => s.ip)).toEqual(['127.0.0.1', '127.0.0.1'])
    expect(listed.sessions.filter((s) => s.current)).toHaveLength(1)

    // change-password keeps this session and revokes the other one
    const changed = await second.send('POST', '/auth/change-password', {
      currentPassword: password,
      newPassword,
    })
    expect(changed.status).toBe(204)
    expect((await first.send('GET', '/auth/me')).status).toBe(401)
    expect((await second.send('GET', '/auth/me')).status).toBe(200)
    expect((await third.send('POST', '/auth/login', { email, password })).status).toBe(401)

    // a third client logs in with the new password; the second one revokes it by id
    expect((await third.send('POST', '/auth/login', { email, password: newPassword })).status).toBe(200)
    const both = (await (await second.send('GET', '/auth/sessions')).json()) as SessionsBody
    expect(both.sessions).toHaveLength(2)
    const other = both.sessions.find((s) => !s.current)!
    expect((await second.send('DELETE', `/auth/sessions/${other.id}`)).status).toBe(204)
    expect((await third.send('GET', '/api/private')).status).toBe(401)
    expect((await second.send('DELETE', `/auth/sessions/${other.id}`)).status).toBe(404)

    // sign out other devices
    expect((await third.send('POST', '/auth/login', { email, password: newPassword })).status).toBe(200)
    expect((await second.send('DELETE', '/auth/sessions')).status).toBe(204)
    expect((await third.send('GET', '/auth/me')).status).toBe(401)
    const alone = (await (await second.send('GET', '/auth/sessions')).json()) as SessionsBody
    expect(alone.sessions).toHaveLength(1)

    // logout: 204, cookie cleared; the old cookie no longer works anywhere
    const cookieBeforeLogout = second.jar.header()
    const logout = await second.send('POST', '/auth/logout')
    expect(logout.status).toBe(204)
    expect(second.jar.size).toBe(0)
    for (const path of ['/auth/me', '/api/private']) {
      const response = await fetch(`${running.url}${path}`, { headers: { Cookie: cookieBeforeLogout } })
      expect(response.status).toBe(401)
      expect(((await response.json()) as ErrorBody).error.code).toBe('unauthenticated')
    }
  })

  it('guards /api/private and /api/admin', async () => {
    const anonymous = await fetch(`${running.url}/api/private`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('Cache-Control')).toBe('no-store')
    expect((await fetch(`${running.url}//api/admin`)).status).not.toBe(200)

    const grace = client(running.url)
    const registered = await grace.send('POST', '/auth/register', {
      email: 'grace@example.com',
      password: 'another long enough passphrase',
    })
    const { user } = (await registered.json()) as UserBody
    const forbidden = await grace.send('GET', '/api/admin')
    expect(forbidden.status).toBe(403)
    expect(((await forbidden.json()) as ErrorBody).error.code).toBe('forbidden')

    await running.auth.api.updateUser(user.id, { roles: ['admin'] })
    const admin = await grace.send('GET', '/api/admin')
    expect(admin.status).toBe(200)
    expect(((await admin.json()) as UserBody).user.roles).toEqual(['admin'])
  })

  it('accepts bearer access tokens and API keys, with scopes checked (401 vs 403)', async () => {
    const register = await fetch(`${running.url}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: APP_ORIGIN },
      body: JSON.stringify({ email: 'linus@example.com', password: 'yet another long passphrase' }),
    })
    const { accessToken, refreshToken } = (await register.json()) as {
      accessToken: string
      refreshToken: string
    }
    const bearer = { Authorization: `Bearer ${accessToken}` }
    const privateRoute = await fetch(`${running.url}/api/private`, { headers: bearer })
    expect(privateRoute.status).toBe(200)
    expect(((await privateRoute.json()) as { method: string }).method).toBe('jwt')
    expect((await fetch(`${running.url}/api/posts`, { headers: bearer })).status).toBe(200)

    const created = await fetch(`${running.url}/auth/api-keys`, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'reader', scopes: ['comments:read'] }),
    })
    expect(created.status).toBe(201)
    const { key } = (await created.json()) as { key: string }
    expect((await fetch(`${running.url}/api/private`, { headers: { 'X-API-Key': key } })).status).toBe(200)
    const noScope = await fetch(`${running.url}/api/posts`, { headers: { 'X-API-Key': key } })
    expect(noScope.status).toBe(403)
    expect((await fetch(`${running.url}/api/posts`, { headers: { 'X-API-Key': 'pcl_nope' } })).status).toBe(
      401,
    )

    const refreshed = await fetch(`${running.url}/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    })
    expect(refreshed.status).toBe(200)
    const jwks = await fetch(`${running.url}/auth/.well-known/jwks.json`)
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1)
  })
})
