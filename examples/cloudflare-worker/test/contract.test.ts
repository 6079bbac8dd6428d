import { describeHttpContract } from '@portcullis/contract-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findWrangler, startWorker, type WorkerProcess } from './worker-process.js'

const runtime = findWrangler()
const skip = !runtime.ok && process.env.CI !== 'true'
if (skip) console.log(`skipping the Cloudflare Worker example tests: ${runtime.ok ? '' : runtime.reason}`)

describe.skipIf(skip)('examples/cloudflare-worker under wrangler dev (workerd)', () => {
  it('has wrangler and a Node to run it', () => {
    expect(runtime.ok ? 'found' : runtime.reason).toBe('found')
  })

  describe('smoke: register → login → /auth/me over real HTTP, on D1', () => {
    let worker: WorkerProcess | undefined
    beforeAll(async () => {
      if (runtime.ok) worker = await startWorker(runtime)
    }, 120_000)
    afterAll(async () => {
      await worker?.stop()
    })

    it('serves the contract on D1 and keeps the account across requests', async () => {
      const w = worker!
      const index = await (await fetch(`${w.url}/`)).json()
      expect(index).toMatchObject({ contract: '/auth', storage: 'D1' })
      const email = `smoke-${Date.now()}@example.com`
      const body = JSON.stringify({ email, password: 'correct horse battery staple' })
      const headers = { origin: w.origin, 'content-type': 'application/json' }
      const registered = await fetch(`${w.url}/auth/register`, { method: 'POST', headers, body })
      expect(registered.status).toBe(201)
      const again = await fetch(`${w.url}/auth/register`, { method: 'POST', headers, body })
      expect(again.status).toBe(409)
      expect((await again.json()).error.code).toBe('email_taken')
      const login = await fetch(`${w.url}/auth/login`, { method: 'POST', headers, body })
      expect(login.status).toBe(200)
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('portcullis.session='))
      expect(cookie).toBeDefined()
      const me = await fetch(`${w.url}/auth/me`, { headers: { cookie: cookie!.split(';')[0]! } })
      expect(me.status).toBe(200)
      expect((await me.json()).user.email).toBe(email)
    })
  })
})

if (!skip && runtime.ok)
  describeHttpContract(
    'Cloudflare Worker (wrangler dev, workerd, D1)',
    async () => {
      const worker = await startWorker(runtime)
      return { baseUrl: worker.url, origin: worker.origin, close: () => worker.stop() }
    },
    { features: { accessTokens: true, passkeys: true } },
  )
