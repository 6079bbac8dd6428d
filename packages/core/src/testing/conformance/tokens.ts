import { describe, expect, it } from 'vitest'
import { addSeconds } from '../../clock/clock.js'
import { hashToken } from '../../crypto/hash.js'
import { buildToken } from '../record-builders.js'
import { type Harness, shiftMs } from './harness.js'

/**
 * Declares the {@link import('../../storage/types.js').TokenStore} cases. Boundary: a token is
 * expired when `now >= expiresAt`.
 *
 * @param h - the suite's harness
 */
export function describeTokenStore(h: Harness): void {
  describe('TokenStore', () => {
    describe('createToken and consumeToken', () => {
      it('returns the token once, equal to what was stored, then null', async () => {
        const user = await h.user()
        const token = await h.token(user.id, { purpose: 'password_reset', data: { email: user.email } })
        const now = h.clock.now()
        expect(await h.storage.consumeToken('password_reset', token.tokenHash, now)).toEqual(token)
        expect(await h.storage.consumeToken('password_reset', token.tokenHash, now)).toBeNull()
      })

      it('returns null for a wrong purpose and leaves the token usable for its own purpose', async () => {
        const user = await h.user()
        const token = await h.token(user.id, { purpose: 'email_verification' })
        const now = h.clock.now()
        expect(await h.storage.consumeToken('password_reset', token.tokenHash, now)).toBeNull()
        expect(await h.storage.consumeToken('email_verification', token.tokenHash, now)).toEqual(token)
      })

      it('returns null for an unknown hash', async () => {
        const user = await h.user()
        await h.token(user.id, { purpose: 'password_reset' })
        expect(await h.storage.consumeToken('password_reset', hashToken('guess'), h.clock.now())).toBeNull()
      })

      it('is consumable 1 ms before expiresAt', async () => {
        const user = await h.user()
        const expiresAt = addSeconds(h.clock.now(), 900)
        const token = await h.token(user.id, { expiresAt })
        expect(await h.storage.consumeToken(token.purpose, token.tokenHash, shiftMs(expiresAt, -1))).toEqual(
          token,
        )
      })

      it('from expiresAt on returns null and deletes the token (an earlier now cannot revive it)', async () => {
        const user = await h.user()
        const createdAt = h.clock.now()
        const expiresAt = addSeconds(createdAt, 900)
        const token = await h.token(user.id, { expiresAt })
        h.clock.set(expiresAt)
        expect(await h.storage.consumeToken(token.purpose, token.tokenHash, h.clock.now())).toBeNull()
        expect(await h.storage.consumeToken(token.purpose, token.tokenHash, createdAt)).toBeNull()
      })

      it('keeps tokens with different hashes apart', async () => {
        const user = await h.user()
        const first = await h.token(user.id, { purpose: 'password_reset' })
        const second = await h.token(user.id, { purpose: 'password_reset' })
        const now = h.clock.now()
        expect(await h.storage.consumeToken('password_reset', first.tokenHash, now)).toEqual(first)
        expect(await h.storage.consumeToken('password_reset', second.tokenHash, now)).toEqual(second)
      })
    })

    describe('deleteUserTokens', () => {
      it('without a purpose deletes every token of the user and returns how many', async () => {
        const user = await h.user()
        const tokens = [
          await h.token(user.id, { purpose: 'password_reset' }),
          await h.token(user.id, { purpose: 'email_verification' }),
          await h.token(user.id, { purpose: 'email_verification' }),
        ]
        expect(await h.storage.deleteUserTokens(user.id)).toBe(3)
        for (const token of tokens)
          expect(await h.storage.consumeToken(token.purpose, token.tokenHash, h.clock.now())).toBeNull()
      })

      it('with a purpose deletes only that purpose and leaves the others consumable', async () => {
        const user = await h.user()
        const reset = await h.token(user.id, { purpose: 'password_reset' })
        const verify = await h.token(user.id, { purpose: 'email_verification' })
        const now = h.clock.now()
        expect(await h.storage.deleteUserTokens(user.id, 'password_reset')).toBe(1)
        expect(await h.storage.consumeToken('password_reset', reset.tokenHash, now)).toBeNull()
        expect(await h.storage.consumeToken('email_verification', verify.tokenHash, now)).toEqual(verify)
      })

      it("leaves other users' tokens alone and returns 0 when the user has none", async () => {
        const ada = await h.user()
        const grace = await h.user()
        const graceToken = await h.token(grace.id, { purpose: 'password_reset' })
        expect(await h.storage.deleteUserTokens(ada.id)).toBe(0)
        expect(await h.storage.deleteUserTokens(ada.id, 'password_reset')).toBe(0)
        expect(await h.storage.consumeToken('password_reset', graceToken.tokenHash, h.clock.now())).toEqual(
          graceToken,
        )
      })
    })

    describe('tokens bound to no user (userId null)', () => {
      it('are stored and consumed once, with their data', async () => {
        const token = buildToken({
          userId: null,
          purpose: 'passkey_login',
          data: { challenge: 'abc' },
          createdAt: h.clock.now(),
        })
        await h.storage.createToken(structuredClone(token))
        const now = h.clock.now()
        expect(await h.storage.consumeToken('passkey_login', token.tokenHash, now)).toEqual(token)
        expect(await h.storage.consumeToken('passkey_login', token.tokenHash, now)).toBeNull()
      })

      it('expire like any token and survive any user being deleted', async () => {
        const user = await h.user()
        const token = buildToken({ userId: null, purpose: 'passkey_login', createdAt: h.clock.now() })
        await h.storage.createToken(structuredClone(token))
        expect(await h.storage.deleteUserTokens(user.id)).toBe(0)
        await h.storage.deleteUser(user.id)
        expect(await h.storage.consumeToken('passkey_login', token.tokenHash, token.expiresAt)).toBeNull()
        const live = buildToken({ userId: null, purpose: 'passkey_login', createdAt: h.clock.now() })
        await h.storage.createToken(structuredClone(live))
        expect(await h.storage.consumeToken('passkey_login', live.tokenHash, h.clock.now())).toEqual(live)
      })
    })
  })
}
