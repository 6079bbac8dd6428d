import { createMemoryMailer } from '@portcullis/core/testing'
import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createTestAuth,
  errorOf,
  GOOD_PASSWORD,
  jsonRequest,
  login,
  register,
} from '../helpers/test-auth.js'

/** An auth with a memory mailer, and a way to wait for mail sent after the answer. */
function mailAuth(overrides: Parameters<typeof createTestAuth>[0] = {}) {
  const mailer = createMemoryMailer()
  const setup = createTestAuth({ mailer, ...overrides })
  const pending: Promise<unknown>[] = []
  const handle = async (request: Request, clientIp?: string) => {
    const response = await setup.auth.handler(request, { clientIp, waitUntil: (p) => pending.push(p) })
    await Promise.all(pending.splice(0))
    return response
  }
  return { ...setup, mailer, handle }
}

function tokenFrom(text: string, path: string): string {
  const match = new RegExp(`${APP_ORIGIN}${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)
  if (!match) throw new Error(`no ${path} link in: ${text}`)
  return match[1]!
}

describe('password reset', () => {
  it('answers 202 with the same body for known and unknown addresses, mails only the known one', async () => {
    const { auth, mailer, handle } = mailAuth()
    await register(auth)
    const known = await handle(
      jsonRequest('POST', '/auth/password-reset/request', { email: 'ADA@example.com' }),
    )
    const unknown = await handle(
      jsonRequest('POST', '/auth/password-reset/request', { email: 'nobody@example.com' }),
    )
    expect(known.status).toBe(202)
    expect(unknown.status).toBe(202)
    expect(await known.text()).toBe(await unknown.text())
    expect(mailer.messages.map((m) => m.to)).toEqual(['ada@example.com'])
    const mail = mailer.last()!
    expect(mail.subject).toBe('Reset your password')
    expect(mail.html).toContain(`href="${APP_ORIGIN}/reset-password?token=`)
  })

  it('builds links from the configured origin, never from Host or X-Forwarded-Host (P-3)', async () => {
    const { auth, mailer, handle } = mailAuth()
    await register(auth)
    await handle(
      jsonRequest(
        'POST',
        '/auth/password-reset/request',
        { email: 'ada@example.com' },
        { headers: { host: 'evil.test', 'x-forwarded-host': 'evil.test' } },
      ),
    )
    expect(mailer.last()!.text).toContain(`${APP_ORIGIN}/reset-password?token=`)
    expect(mailer.last()!.text).not.toContain('evil.test')
  })

  it('sets the new password with a single-use token, revokes every session, logs nobody in', async () => {
    const { auth, mailer, handle } = mailAuth()
    const { cookie } = await register(auth)
    await handle(jsonRequest('POST', '/auth/password-reset/request', { email: 'ada@example.com' }))
    const token = tokenFrom(mailer.last()!.text, '/reset-password')
    const newPassword = 'a fresh passphrase after reset'
    const confirm = await handle(jsonRequest('POST', '/auth/password-reset/confirm', { token, newPassword }))
    expect(confirm.status).toBe(204)
    expect(confirm.headers.getSetCookie()).toEqual([])
    expect((await auth.handler(jsonRequest('GET', '/auth/me', undefined, { cookie }))).status).toBe(401)
    await login(auth, 'ada@example.com', newPassword)
    const again = await handle(
      jsonRequest('POST', '/auth/password-reset/confirm', { token, newPassword: 'yet another passphrase x' }),
    )
    expect(again.status).toBe(400)
    expect((await errorOf(again)).code).toBe('invalid_token')
  })

  it('keeps the token when the new password is weak; refuses expired tokens and tokens superseded by a newer request', async () => {
    const { auth, mailer, handle, clock } = mailAuth()
    await register(auth)
    await handle(jsonRequest('POST', '/auth/password-reset/request', { email: 'ada@example.com' }))
    const first = tokenFrom(mailer.last()!.text, '/reset-password')
    const weak = await handle(
      jsonRequest('POST', '/auth/password-reset/confirm', { token: first, newPassword: 'short' }),
    )
    expect((await errorOf(weak)).code).toBe('weak_password')
    await handle(jsonRequest('POST', '/auth/password-reset/request', { email: 'ada@example.com' }))
    const second = tokenFrom(mailer.last()!.text, '/reset-password')
    const superseded = await handle(
      jsonRequest('POST', '/auth/password-reset/confirm', {
        token: first,
        newPassword: 'a fresh passphrase after reset',
      }),
    )
    expect(superseded.status).toBe(400)
    clock.advanceSeconds(1800)
    const expired = await handle(
      jsonRequest('POST', '/auth/password-reset/confirm', {
        token: second,
        newPassword: 'a fresh passphrase after reset',
      }),
    )
    expect(expired.status).toBe(400)
    expect((await errorOf(expired)).code).toBe('invalid_token')
  })

  it('runs the breach lookup once per reset, after the local rules', async () => {
    let lookups = 0
    const { auth, mailer, handle } = mailAuth({
      password: {
        isBreached: async () => {
          lookups++
          return false
        },
      },
    })
    await register(auth)
    lookups = 0
    await handle(jsonRequest('POST', '/auth/password-reset/request', { email: 'ada@example.com' }))
    const token = tokenFrom(mailer.last()!.text, '/reset-password')
    const weak = await handle(
      jsonRequest('POST', '/auth/password-reset/confirm', { token, newPassword: 'short' }),
    )
    expect(weak.status).toBe(400)
    expect(lookups).toBe(0)
    const done = await handle(
      jsonRequest('POST', '/auth/password-reset/confirm', {
        token,
        newPassword: 'a fresh passphrase after reset',
      }),
    )
    expect(done.status).toBe(204)
    expect(lookups).toBe(1)
  })

  it('withdraws the token when the mail is not accepted', async () => {
    const { auth, mailer, handle, logger } = mailAuth()
    await register(auth)
    mailer.failNext()
    const response = await handle(
      jsonRequest('POST', '/auth/password-reset/request', { email: 'ada@example.com' }),
    )
    expect(response.status).toBe(202)
    expect(mailer.messages).toEqual([])
    expect(logger.errors).toHaveLength(1)
    await handle(jsonRequest('POST', '/auth/password-reset/request', { email: 'ada@example.com' }))
    expect(mailer.messages).toHaveLength(1)
  })

  it('limits requests per address (known or not, same 429) and per IP', async () => {
    const { auth, handle } = mailAuth({
      rateLimit: {
        mailPerAddress: { max: 2, windowSeconds: 900 },
        recoveryPerIp: { max: 5, windowSeconds: 900 },
      },
    })
    await register(auth)
    for (const email of ['ada@example.com', 'nobody@example.com']) {
      const statuses: number[] = []
      for (let i = 0; i < 3; i++)
        statuses.push((await handle(jsonRequest('POST', '/auth/password-reset/request', { email }))).status)
      expect(statuses, email).toEqual([202, 202, 429])
    }
    const perIp: number[] = []
    for (let i = 0; i < 6; i++)
      perIp.push(
        (
          await handle(
            jsonRequest('POST', '/auth/password-reset/request', { email: `u${i}@example.com` }),
            '203.0.113.3',
          )
        ).status,
      )
    expect(perIp).toEqual([202, 202, 202, 202, 202, 429])
  })
})

describe('email verification', () => {
  it('sends a link to the signed-in user, confirms it once, reports the status', async () => {
    const { auth, mailer, handle } = mailAuth()
    const { cookie } = await register(auth)
    const status = () =>
      auth.handler(jsonRequest('GET', '/auth/email-verification/status', undefined, { cookie }))
    expect(await (await status()).json()).toEqual({ email: 'ada@example.com', verified: false })
    expect(
      (await handle(jsonRequest('POST', '/auth/email-verification/request', undefined, { cookie }))).status,
    ).toBe(202)
    const token = tokenFrom(mailer.last()!.text, '/verify-email')
    expect((await handle(jsonRequest('POST', '/auth/email-verification/confirm', { token }))).status).toBe(
      204,
    )
    expect(await (await status()).json()).toEqual({ email: 'ada@example.com', verified: true })
    expect((await handle(jsonRequest('POST', '/auth/email-verification/confirm', { token }))).status).toBe(
      400,
    )
  })

  it('answers 202 by address without saying whether it exists, and escapes the address in HTML', async () => {
    const { auth, mailer, handle } = mailAuth()
    await register(auth, { email: 'ada&co@example.com' })
    const known = await handle(
      jsonRequest('POST', '/auth/email-verification/request', { email: 'ada&co@example.com' }),
    )
    const unknown = await handle(
      jsonRequest('POST', '/auth/email-verification/request', { email: 'nobody@example.com' }),
    )
    expect(await known.text()).toBe(await unknown.text())
    expect(mailer.messages).toHaveLength(1)
    expect(mailer.last()!.html).toContain('ada&amp;co@example.com')
    expect(mailer.last()!.html).not.toContain('ada&co@')
  })

  it('a token sent to an address the user has since changed verifies nothing', async () => {
    const { auth, mailer, handle } = mailAuth()
    const { cookie, userId } = await register(auth)
    await handle(jsonRequest('POST', '/auth/email-verification/request', undefined, { cookie }))
    const token = tokenFrom(mailer.last()!.text, '/verify-email')
    await auth.api.updateUser(userId, { email: 'ada@new.example' })
    expect((await handle(jsonRequest('POST', '/auth/email-verification/confirm', { token }))).status).toBe(
      400,
    )
    expect((await auth.api.getUser(userId))?.emailVerified).toBe(false)
  })

  it('can send the link on registration, and lets a verified login through when verification is required', async () => {
    const { mailer, handle } = mailAuth({
      mail: { emailVerification: { sendOnRegister: true } },
      user: { requireEmailVerification: true },
    })
    await handle(jsonRequest('POST', '/auth/register', { email: 'ada@example.com', password: GOOD_PASSWORD }))
    const refused = await handle(
      jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
    )
    expect((await errorOf(refused)).code).toBe('email_not_verified')
    const token = tokenFrom(mailer.last()!.text, '/verify-email')
    await handle(jsonRequest('POST', '/auth/email-verification/confirm', { token }))
    expect(
      (
        await handle(
          jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
        )
      ).status,
    ).toBe(200)
  })

  it('is not served without a mailer (404), except the status', async () => {
    const { auth } = createTestAuth()
    const { cookie } = await register(auth)
    expect(
      (await auth.handler(jsonRequest('POST', '/auth/password-reset/request', { email: 'a@example.com' })))
        .status,
    ).toBe(404)
    expect(
      (await auth.handler(jsonRequest('POST', '/auth/email-verification/request', undefined, { cookie })))
        .status,
    ).toBe(404)
    expect(
      (await auth.handler(jsonRequest('GET', '/auth/email-verification/status', undefined, { cookie })))
        .status,
    ).toBe(200)
  })
})
