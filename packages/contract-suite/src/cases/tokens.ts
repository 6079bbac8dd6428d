import { describe, expect, it } from 'vitest'
import { type ContractContext, PASSWORD, signUp } from '../context.js'

/** Access and refresh tokens, the JWKS, API keys. */
export function describeTokens(c: ContractContext): void {
  describe('tokens and API keys', () => {
    it.runIf(c.features.accessTokens)(
      'login returns an access token that authenticates, and a refresh token that rotates once',
      async () => {
        const email = c.email('tok')
        await signUp(c.browser(), email)
        const client = c.browser()
        const login = await client.request('POST', '/login', { identifier: email, password: PASSWORD })
        expect(login.json).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) })
        const { accessToken, refreshToken } = login.json as { accessToken: string; refreshToken: string }
        const api = c.browser()
        const me = await api.request('GET', '/me', undefined, {
          headers: { authorization: `Bearer ${accessToken}` },
        })
        expect(me.status).toBe(200)
        expect(me.json.user.email).toBe(email)
        const refreshed = await api.request('POST', '/refresh', { refreshToken })
        expect(refreshed.status).toBe(200)
        expect(refreshed.json.refreshToken).not.toBe(refreshToken)
        const reused = await api.request('POST', '/refresh', { refreshToken })
        expect(reused.status).toBe(401)
        expect(reused.json.error.code).toBe('token_reused')
        // The whole family died with the reuse.
        const next = await api.request('POST', '/refresh', { refreshToken: refreshed.json.refreshToken })
        expect(next.status).toBe(401)
      },
    )

    it.runIf(c.features.accessTokens)('the JWKS carries public keys only', async () => {
      const jwks = await c.browser().request('GET', '/.well-known/jwks.json')
      expect(jwks.status).toBe(200)
      expect(jwks.json.keys.length).toBeGreaterThan(0)
      for (const key of jwks.json.keys) {
        expect(key.kid).toEqual(expect.any(String))
        for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret)
      }
    })

    it('an API key is shown once, authenticates, is listed without its secret, and dies when deleted', async () => {
      const browser = c.browser()
      await signUp(browser, c.email('key'))
      const created = await browser.request('POST', '/api-keys', { name: 'deploys', scopes: ['read'] })
      expect(created.status).toBe(201)
      const { id, key } = created.json as { id: string; key: string }
      expect(key).toMatch(/^pcl_/)
      const client = c.browser()
      const me = await client.request('GET', '/me', undefined, {
        headers: { authorization: `Bearer ${key}` },
      })
      expect(me.status).toBe(200)
      const list = await browser.request('GET', '/api-keys')
      expect(list.text).not.toContain(key)
      expect(list.json.apiKeys.map((k: { id: string }) => k.id)).toContain(id)
      expect((await browser.request('DELETE', `/api-keys/${id}`)).status).toBe(204)
      const after = await client.request('GET', '/me', undefined, {
        headers: { authorization: `Bearer ${key}` },
      })
      expect(after.status).toBe(401)
    })
  })
}
