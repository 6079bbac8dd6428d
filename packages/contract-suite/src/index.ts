import { afterAll, beforeAll, describe } from 'vitest'
import type { ContractTarget } from './browser.js'
import { describeAccounts } from './cases/accounts.js'
import { describeRequestGuards } from './cases/request-guards.js'
import { describeTokens } from './cases/tokens.js'
import { describeTwoFactor } from './cases/two-factor.js'
import { type ContractOptions, createContext } from './context.js'

export type { Answer, ContractTarget, RequestOptions } from './browser.js'
export { Browser } from './browser.js'
export type { ContractFeatures, ContractOptions } from './context.js'

/**
 * Declares the HTTP contract suite (vitest `describe` / `it`) against a server that `start`
 * launches once for the suite: accounts and sessions, change-password, access and refresh
 * tokens, API keys, TOTP and backup codes, passkeys (a software authenticator), and the request
 * guards (CSRF, content types, body limit, 404/405). Everything goes over real HTTP with `fetch`,
 * from the target's trusted origin, so the same cases prove every adapter on its real runtime.
 *
 * The suite registers about ten accounts and logs in about twenty times from one IP, inside the
 * default per-IP limits; give each run a fresh store.
 *
 * @param name - shown as `HTTP contract: <name>`
 * @param start - starts the server (a child process on its runtime) and resolves once it answers
 * @param options - base path and optional features
 * @example
 * ```ts
 * describeHttpContract('express on Node', async () => {
 *   const server = await startExample() // spawn, wait for readiness
 *   return { baseUrl: server.url, origin: 'http://localhost:4123', close: () => server.kill() }
 * })
 * ```
 */
export function describeHttpContract(
  name: string,
  start: () => Promise<ContractTarget>,
  options: ContractOptions = {},
): void {
  describe(`HTTP contract: ${name}`, () => {
    let target: ContractTarget | null = null
    beforeAll(async () => {
      target = await start()
    }, 180_000)
    afterAll(async () => {
      await target?.close()
    })
    const context = createContext(() => {
      if (!target) throw new Error('describeHttpContract: the target is only available inside a test')
      return target
    }, options)
    describeAccounts(context)
    describeTokens(context)
    describeTwoFactor(context)
    describeRequestGuards(context)
  })
}
