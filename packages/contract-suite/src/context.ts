import { Browser, type ContractTarget } from './browser.js'

/** Optional parts of the contract a target may serve. */
export interface ContractFeatures {
  /**
   * Access and refresh tokens (`jwt` configured): login returns them, `POST /refresh` rotates,
   * the JWKS is served.
   * @default true
   */
  accessTokens?: boolean
  /**
   * Passkeys: the WebAuthn RP id is the origin's hostname, so the target's origin must be a
   * hostname (`http://localhost:<port>`), not an IP address.
   * @default true
   */
  passkeys?: boolean
}

/** Options of `describeHttpContract`. */
export interface ContractOptions {
  /** Where the contract is served. @default '/auth' */
  basePath?: string
  features?: ContractFeatures
}

/** What every group of cases works with. */
export interface ContractContext {
  /** The running target (only inside a test). */
  target(): ContractTarget
  /** A new browser stand-in with an empty cookie jar. */
  browser(): Browser
  /** A unique address for this run (`<label>-<random>@example.com`). */
  email(label: string): string
  readonly features: Required<ContractFeatures>
}

/** A password that passes the default policy. */
export const PASSWORD = 'correct horse battery staple'

/** Registers a new account in `browser` (which keeps its session cookie); returns the user. */
export async function signUp(
  browser: Browser,
  email: string,
  password = PASSWORD,
): Promise<{ id: string; email: string }> {
  const answer = await browser.request('POST', '/register', { email, password })
  if (answer.status !== 201) throw new Error(`register ${email}: ${answer.status} ${answer.text}`)
  return answer.json.user
}

/** Creates the context for one suite. */
export function createContext(getTarget: () => ContractTarget, options: ContractOptions): ContractContext {
  const basePath = options.basePath ?? '/auth'
  const run = Math.random().toString(36).slice(2, 8)
  let counter = 0
  return {
    target: getTarget,
    browser: () => new Browser(getTarget(), basePath),
    email: (label) => `${label}-${run}-${++counter}@example.com`,
    features: { accessTokens: true, passkeys: true, ...options.features },
  }
}
