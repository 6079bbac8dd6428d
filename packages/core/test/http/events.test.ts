import type { AuthEvent } from '@portcullis/core'
import { describe, expect, it } from 'vitest'
import { createTestAuth, GOOD_PASSWORD, jsonRequest, register } from '../helpers/test-auth.js'

describe('security events (onEvent)', () => {
  it('reports registrations, logins, failures, lockouts, password changes and disabling, without secrets', async () => {
    const events: AuthEvent[] = []
    const { auth } = createTestAuth({
      onEvent: (event) => void events.push(event),
      rateLimit: { loginPerAccount: { max: 2, windowSeconds: 900 } },
    })
    const { userId, cookie } = await register(auth)
    const attempt = (password: string) =>
      auth.handler(jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password }), {
        clientIp: '203.0.113.4',
      })
    await attempt(GOOD_PASSWORD)
    await auth.handler(
      jsonRequest(
        'POST',
        '/auth/change-password',
        { currentPassword: GOOD_PASSWORD, newPassword: 'a new long passphrase ok' },
        { cookie },
      ),
    )
    await attempt('wrong password number 1')
    await attempt('wrong password number 2')
    await attempt('wrong password number 3')
    await auth.api.updateUser(userId, { isActive: false })
    expect(events.map((e) => e.type)).toEqual([
      'user_registered',
      'login_succeeded',
      'password_changed',
      'login_failed',
      'login_failed',
      'locked_out',
      'user_disabled',
    ])
    expect(events[1]).toEqual({ type: 'login_succeeded', userId, ip: '203.0.113.4', at: expect.any(Date) })
    expect(JSON.stringify(events)).not.toMatch(/wrong|argon|ada@example|correct horse|a new long/)
  })

  it('never breaks the flow when the hook throws', async () => {
    const { auth, logger } = createTestAuth({
      onEvent: () => {
        throw new Error('audit sink down')
      },
    })
    await register(auth)
    expect(logger.errors).toHaveLength(1)
  })
})
