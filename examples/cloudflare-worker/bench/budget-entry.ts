// The entry the bundle budget measures (scripts/bundle-size.mjs): a Worker using core with
// password hashing, database sessions, JWT access tokens and TOTP, on memory storage. It is a
// complete, runnable Worker; the real example (src/index.ts) adds D1 through drizzle.
import { createAuth } from '@portcullis/core'
import { createPbkdf2PasswordHasher } from '@portcullis/core/password'
import { createMemoryStorage } from '@portcullis/memory'

interface BudgetEnv {
  APP_ORIGIN: string
  AUTH_SECRET: string
  JWT_KEYS: string
}

let auth: ReturnType<typeof createAuth> | undefined

export default {
  fetch(request: Request, env: BudgetEnv): Promise<Response> {
    auth ??= createAuth({
      storage: createMemoryStorage(),
      origins: env.APP_ORIGIN,
      mode: 'production',
      secret: env.AUTH_SECRET,
      password: {
        hasher: createPbkdf2PasswordHasher({
          pbkdf2: { iterations: 100_000 },
          allowWeakParameters: true,
        }),
      },
      jwt: { keys: JSON.parse(env.JWT_KEYS) },
    })
    return auth.handler(request, { clientIp: request.headers.get('cf-connecting-ip') ?? undefined })
  },
}
