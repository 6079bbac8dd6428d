// A Worker calling createAuth without a password hasher, for the bundle test
// (test/bundle-size.test.ts): under the workerd/worker/browser conditions `#default-password-hasher`
// must resolve to the edge variant (no default: createAuth throws a ConfigError naming the
// choices), so no argon2id or scrypt code is bundled by a default the app did not choose.
import { createAuth } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'

interface DefaultHasherEnv {
  APP_ORIGIN: string
  AUTH_SECRET: string
}

let auth: ReturnType<typeof createAuth> | undefined

export default {
  fetch(request: Request, env: DefaultHasherEnv): Promise<Response> {
    auth ??= createAuth({
      storage: createMemoryStorage(),
      origins: env.APP_ORIGIN,
      mode: 'production',
      secret: env.AUTH_SECRET,
    })
    return auth.handler(request)
  },
}
