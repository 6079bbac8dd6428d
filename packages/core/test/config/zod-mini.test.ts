// This file must not import zod's classic API ('zod'): classic registers English messages globally
// on first use, and these tests check that core's own messages do not depend on it.
import { ConfigError, createAuth, passkeys } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { globalConfig } from 'zod/v4/core'
import { APP_ORIGIN, fastHasher, GOOD_PASSWORD, jsonRequest, recordingLogger } from '../helpers/test-auth.js'

const base = () => ({
  storage: createMemoryStorage(),
  origins: APP_ORIGIN,
  secret: 'x'.repeat(32),
  password: { hasher: fastHasher },
  logger: recordingLogger(),
})

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn()
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

/**
 * zod's global locale as this file found it: unset under vitest (one module registry per file);
 * possibly set under `bun test`, which runs every file in one process where another file may have
 * loaded zod classic. Either way core must leave it as it was.
 */
const localeAtStart = globalConfig.localeError

describe('core on zod/mini', () => {
  it('never sets a global zod locale (under vitest: runs without zod classic loaded)', () => {
    createAuth(base())
    expect(globalConfig.localeError).toBe(localeAtStart)
    if (!('Bun' in globalThis)) expect(localeAtStart).toBeUndefined()
  })

  it('words option problems in English without a global locale', () => {
    const problems = problemsOf(() =>
      createAuth({
        ...base(),
        basePath: 'auth/',
        session: { idleTimeoutSeconds: 10, sameSite: 'none' as 'lax' },
        rateLimit: { loginPerIp: { max: 0, windowSeconds: 60 } },
        twoFactor: { totp: { digits: 'six' as unknown as number } },
        passkeys: { rpId: 'example.com' } as unknown as ReturnType<typeof passkeys>,
        mail: { passwordReset: { linkPath: 'reset' } },
      }),
    )
    expect(problems).toEqual([
      'basePath: basePath must look like "/auth" (no trailing slash) or be ""',
      'session.idleTimeoutSeconds: Too small: expected number to be >=60',
      'session.sameSite: Invalid option: expected one of "lax"|"strict"',
      'rateLimit.loginPerIp.max: Too small: expected number to be >=1',
      'twoFactor.totp.digits: Invalid input: expected number, received string',
      'passkeys: must be passkeys({ … }) from @portcullis/core/passkeys',
      'mail.passwordReset.linkPath: a path like /reset-password',
    ])
    expect(globalConfig.localeError).toBe(localeAtStart)
  })

  it('words the options of passkeys() in English, prefixed with passkeys', () => {
    expect(problemsOf(() => passkeys({ rpId: 'Example.COM', timeoutSeconds: 5 }))).toEqual([
      'passkeys.rpId: rpId must be a lower-case hostname like example.com',
      'passkeys.timeoutSeconds: Too small: expected number to be >=30',
    ])
    expect(globalConfig.localeError).toBe(localeAtStart)
  })

  it('keeps the custom messages and refinements of the options schema', () => {
    expect(problemsOf(() => createAuth({ ...base(), secret: 'short' }))).toEqual([
      'secret: secret must be at least 32 characters',
    ])
    expect(problemsOf(() => createAuth({ ...base(), password: { minLength: 6 } }))).toEqual([
      'password.minLength: password.minLength below 8 breaks ASVS 6.2.1',
    ])
    expect(problemsOf(() => createAuth({ ...base(), session: { cookieName: '__Host-sid' } }))).toEqual([
      'session.cookieName: cookieName must not carry a prefix: it is added',
    ])
  })

  it('fills in the defaults', () => {
    const auth = createAuth(base())
    expect(auth.basePath).toBe('/auth')
    expect(auth.cookies.sessionCookieName).toBe('__Host-portcullis.session')
  })

  it('accepts custom fields declared with zod/mini, typed end to end', async () => {
    const auth = createAuth({
      ...base(),
      user: {
        fields: z.object({
          displayName: z.string().check(z.minLength(1), z.maxLength(40)),
          plan: z._default(z.enum(['free', 'pro']), 'free'),
        }),
      },
    })
    const user = await auth.api.createUser({
      email: 'ada@example.com',
      password: GOOD_PASSWORD,
      fields: { displayName: 'Ada', plan: 'pro' },
    })
    const name: string = user.displayName
    const plan: 'free' | 'pro' = user.plan
    expect([name, plan]).toEqual(['Ada', 'pro'])
    // @ts-expect-error unknown custom field
    expect(user.nope).toBeUndefined()

    const bad = await auth.handler(
      jsonRequest('POST', '/auth/register', {
        email: 'b@example.com',
        password: GOOD_PASSWORD,
        displayName: '',
      }),
    )
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { error: { code: string; fields: Record<string, string> } }
    expect(body.error.code).toBe('invalid_request')
    expect(Object.keys(body.error.fields)).toEqual(['displayName'])
  })

  it('refuses a user.fields that is not a zod object', () => {
    expect(problemsOf(() => createAuth({ ...base(), user: { fields: { shape: {} } as never } }))).toEqual([
      'user.fields: must be a zod object schema',
    ])
  })

  it('answers a wrongly typed body with the same field codes', async () => {
    const auth = createAuth(base())
    const response = await auth.handler(
      jsonRequest('POST', '/auth/login', { email: 5, identifier: 'x'.repeat(2000), password: 'x' }),
    )
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { fields: Record<string, string> } }
    expect(body.error.fields).toEqual({ email: 'invalid_type', identifier: 'too_big' })
  })
})
