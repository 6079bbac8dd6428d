import { ConfigError, createAuth } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fastHasher, recordingLogger } from '../helpers/test-auth.js'

const base = () => ({
  storage: createMemoryStorage(),
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

describe('createAuth options', () => {
  it('refuses to start in production without a secret, with a clear message', () => {
    const problems = problemsOf(() =>
      createAuth({ ...base(), origins: 'https://app.test', mode: 'production' }),
    )
    expect(problems).toEqual([expect.stringMatching(/^secret: required in production/)])
  })

  it('generates a secret in development, with a warning', () => {
    const options = { ...base(), origins: 'http://localhost:8787', mode: 'development' as const }
    const auth = createAuth(options)
    expect(auth.cookies.sessionCookieName).toBe('portcullis.session')
    expect(options.logger.warnings.join('\n')).toMatch(/generated one/)
    expect(options.logger.warnings.join('\n')).toMatch(/not Secure/)
  })

  it('uses the __Host- prefix and Secure whenever every origin is https', () => {
    const auth = createAuth({ ...base(), origins: ['https://app.test'], mode: 'development' })
    expect(auth.cookies.sessionCookieName).toBe('__Host-portcullis.session')
    expect(auth.cookies.session('x.y')).toBe(
      '__Host-portcullis.session=x.y; Path=/; HttpOnly; Secure; SameSite=Lax',
    )
  })

  it('lists every problem at once', () => {
    const problems = problemsOf(() =>
      createAuth({
        ...base(),
        origins: ['http://app.test', 'not a url', 'https://app.test/path'],
        mode: 'production',
        secret: 'x'.repeat(40),
        user: { fields: z.object({ roles: z.string(), nickname: z.string() }) },
        session: { idleTimeoutSeconds: 7200, absoluteTimeoutSeconds: 3600 },
      }),
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"http:\/\/app.test" is http; production needs https/),
        expect.stringMatching(/"not a url" is not an origin/),
        expect.stringMatching(/"https:\/\/app.test\/path" is not an origin/),
        'user.fields: "roles" is a reserved name',
        'session: idleTimeoutSeconds exceeds absoluteTimeoutSeconds',
      ]),
    )
  })

  it('refuses weak settings: short secrets, short minimum password lengths, a storage that is not one', () => {
    expect(problemsOf(() => createAuth({ ...base(), origins: 'https://a.test', secret: 'short' }))).toEqual([
      'secret: secret must be at least 32 characters',
    ])
    expect(
      problemsOf(() =>
        createAuth({
          ...base(),
          origins: 'https://a.test',
          secret: 'x'.repeat(32),
          password: { minLength: 6 },
        }),
      ),
    ).toEqual([expect.stringMatching(/^password.minLength: /)])
    expect(
      problemsOf(() =>
        createAuth({ ...base(), storage: {} as never, origins: 'https://a.test', secret: 'x'.repeat(32) }),
      ),
    ).toEqual(['storage: must implement the Storage port'])
  })

  it('types custom fields end to end through auth.api', async () => {
    const auth = createAuth({
      ...base(),
      origins: 'https://app.test',
      secret: 'x'.repeat(32),
      user: { fields: z.object({ displayName: z.string(), age: z.number().int().optional() }) },
    })
    const user = await auth.api.createUser({
      email: 'ada@example.com',
      password: 'correct horse battery staple',
      fields: { displayName: 'Ada' },
    })
    const name: string = user.displayName
    const age: number | undefined = user.age
    expect([name, age]).toEqual(['Ada', undefined])
    // @ts-expect-error unknown custom field
    expect(user.nope).toBeUndefined()
  })
})
