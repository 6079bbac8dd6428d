import { createMemoryMailer } from '@portcullis/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ORIGIN, type RunningApp, startApp } from './helpers.js'

const mailer = createMemoryMailer()
let running: RunningApp

beforeAll(async () => {
  running = await startApp({ mailer })
})
afterAll(async () => {
  await running.close()
})

const post = (path: string, body: unknown) =>
  fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: APP_ORIGIN },
    body: JSON.stringify(body),
  })

describe('account mail through the example over HTTP', () => {
  it('resets a password from the mailed link; the old password and session stop working', async () => {
    const register = await post('/auth/register', {
      email: 'reset@example.com',
      password: 'the original passphrase',
    })
    const cookie = register.headers.getSetCookie()[0]!.split(';')[0]!
    expect((await post('/auth/password-reset/request', { email: 'reset@example.com' })).status).toBe(202)
    const link = /https?:\/\/\S+reset-password\?token=([A-Za-z0-9_-]+)/.exec(
      mailer.last('reset@example.com')!.text,
    )
    expect(link?.[0]?.startsWith(`${APP_ORIGIN}/reset-password?token=`)).toBe(true)
    const confirm = await post('/auth/password-reset/confirm', {
      token: link![1],
      newPassword: 'the replacement passphrase',
    })
    expect(confirm.status).toBe(204)
    expect((await fetch(`${running.url}/api/private`, { headers: { Cookie: cookie } })).status).toBe(401)
    expect(
      (await post('/auth/login', { identifier: 'reset@example.com', password: 'the original passphrase' }))
        .status,
    ).toBe(401)
    expect(
      (await post('/auth/login', { identifier: 'reset@example.com', password: 'the replacement passphrase' }))
        .status,
    ).toBe(200)
  })
})
