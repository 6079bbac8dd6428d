/** One library under test: how to start it, sign a user in, and which request to measure. */
export interface Target {
  /** Shown in the report. */
  name: string
  /** File name under `http/servers/`. */
  server: string
  /** The measured request: an authenticated session read. */
  path: string
  /** Creates a user over HTTP and returns the `Cookie` header that carries its session. */
  signUp(url: string, account: Account): Promise<string>
  /** The email of the user a response of `path` describes, or null when it does not describe one. */
  userEmail(body: unknown): string | null
}

/** The benchmark user. */
export interface Account {
  email: string
  password: string
  name: string
  origin: string
}

function cookieHeader(response: Response): string {
  const pairs = response.headers.getSetCookie().map((line) => line.split(';')[0]!.trim())
  if (pairs.length === 0) throw new Error(`no session cookie in the sign-up response (${response.status})`)
  return pairs.join('; ')
}

async function post(url: string, account: Account, body: unknown): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: account.origin },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`)
  return response
}

function emailOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('user' in body)) return null
  const user = body.user
  if (typeof user !== 'object' || user === null || !('email' in user)) return null
  return typeof user.email === 'string' ? user.email : null
}

/** Portcullis: POST /auth/register, then GET /auth/me. */
export const portcullis: Target = {
  name: 'Portcullis',
  server: 'portcullis',
  path: '/auth/me',
  async signUp(url, account) {
    const response = await post(`${url}/auth/register`, account, {
      email: account.email,
      password: account.password,
    })
    return cookieHeader(response)
  },
  userEmail: emailOf,
}

/** better-auth: POST /api/auth/sign-up/email, then GET /api/auth/get-session. */
export const betterAuth: Target = {
  name: 'better-auth 1.7.29',
  server: 'better-auth',
  path: '/api/auth/get-session',
  async signUp(url, account) {
    const response = await post(`${url}/api/auth/sign-up/email`, account, {
      email: account.email,
      password: account.password,
      name: account.name,
    })
    return cookieHeader(response)
  },
  userEmail: emailOf,
}
