import { type Storage, StorageUnavailableError } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import { describe, expect, it } from 'vitest'
import { createTestAuth, errorOf, GOOD_PASSWORD, jsonRequest, register } from '../helpers/test-auth.js'

/** A storage whose backend can be switched off: every call then rejects as an adapter would. */
function switchableStorage(): { storage: Storage; down(): void } {
  let isDown = false
  const real = createMemoryStorage()
  const storage = new Proxy(real, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) =>
        isDown
          ? Promise.reject(
              new StorageUnavailableError('storage unavailable', { cause: new Error('ECONNREFUSED') }),
            )
          : (value as (...a: unknown[]) => unknown).apply(target, args)
    },
  })
  return {
    storage,
    down() {
      isDown = true
    },
  }
}

describe('when storage is down', () => {
  it('answers 503 storage_unavailable on every endpoint that needs it, never 500', async () => {
    const { storage, down } = switchableStorage()
    const { auth, logger } = createTestAuth({ storage })
    const { cookie } = await register(auth)
    down()
    const requests = [
      jsonRequest('GET', '/auth/me', undefined, { cookie }),
      jsonRequest('POST', '/auth/login', { identifier: 'ada@example.com', password: GOOD_PASSWORD }),
      jsonRequest('POST', '/auth/register', { email: 'b@example.com', password: GOOD_PASSWORD }),
      jsonRequest('GET', '/auth/sessions', undefined, { cookie }),
      jsonRequest('POST', '/auth/logout', undefined, { cookie }),
    ]
    for (const request of requests) {
      const response = await auth.handler(request)
      expect(response.status, `${request.method} ${request.url}`).toBe(503)
      expect((await errorOf(response)).code).toBe('storage_unavailable')
    }
    expect(logger.errors).toEqual([])
  })

  it('surfaces as StorageUnavailableError through auth.api and auth.authenticate', async () => {
    const { storage, down } = switchableStorage()
    const { auth } = createTestAuth({ storage })
    const user = await auth.api.createUser({ email: 'ada@example.com', password: GOOD_PASSWORD })
    const { token } = await auth.api.createSession(user.id)
    down()
    await expect(auth.api.validateSession(token)).rejects.toBeInstanceOf(StorageUnavailableError)
    await expect(
      auth.authenticate(
        new Request('https://app.test/', {
          headers: { cookie: `${auth.cookies.sessionCookieName}=${token}` },
        }),
      ),
    ).rejects.toBeInstanceOf(StorageUnavailableError)
  })
})
