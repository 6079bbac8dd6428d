import { afterEach, beforeEach, expect } from 'vitest'
import { randomBytes } from '../../crypto/random.js'
import type {
  ApiKeyRecord,
  OneTimeTokenRecord,
  RefreshTokenRecord,
  SessionRecord,
  Storage,
  UserRecord,
} from '../../storage/types.js'
import { UniqueConstraintError } from '../../storage/types.js'
import { createFakeClock, type FakeClock } from '../fake-clock.js'
import { buildApiKey, buildRefreshToken, buildSession, buildToken, buildUser } from '../record-builders.js'
import type {
  StorageConformanceOptions,
  StorageFactory,
  StorageFactoryContext,
  StorageFixture,
} from '../types.js'

/** What each group of conformance cases works with: the current test's store and clock. */
export interface Harness {
  /** The current test's store. */
  readonly storage: Storage
  /** The current test's fake clock. */
  readonly clock: FakeClock
  /** The current test's factory context. */
  readonly context: StorageFactoryContext
  /** Parallel calls in each concurrency case. */
  readonly concurrency: number
  /** Builds a user created now, stores it and returns the record as given. */
  user(overrides?: Partial<UserRecord>): Promise<UserRecord>
  /** Builds a session of `userId` created now, stores it and returns the record as given. */
  session(userId: string, overrides?: Partial<SessionRecord>): Promise<SessionRecord>
  /** Builds a token of `userId` created now, stores it and returns the record as given. */
  token(userId: string, overrides?: Partial<OneTimeTokenRecord>): Promise<OneTimeTokenRecord>
  /** Builds a refresh token of `userId` created now, stores it and returns the record as given. */
  refreshToken(userId: string, overrides?: Partial<RefreshTokenRecord>): Promise<RefreshTokenRecord>
  /** Builds an API key of `userId` created now, stores it and returns the record as given. */
  apiKey(userId: string, overrides?: Partial<ApiKeyRecord>): Promise<ApiKeyRecord>
}

interface Current {
  storage: Storage
  cleanup: (() => void | Promise<void>) | undefined
  context: StorageFactoryContext
}

const DEFAULT_CONCURRENCY = 50
let testCounter = 0

/**
 * Registers `beforeEach` / `afterEach` hooks that give every test a fresh store from `factory`
 * and a fresh fake clock, and returns the accessors the cases use. Call inside a `describe`.
 */
export function createHarness(factory: StorageFactory, options: StorageConformanceOptions): Harness {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
  if (!Number.isInteger(concurrency) || concurrency < 2)
    throw new TypeError('storageConformance: concurrency must be an integer of at least 2')
  let current: Current | null = null

  beforeEach(async () => {
    const context: StorageFactoryContext = { clock: createFakeClock(options.startAt), testId: nextTestId() }
    const fixture = toFixture(await factory(context))
    current = { storage: fixture.storage, cleanup: fixture.cleanup, context }
  })
  afterEach(async () => {
    const finished = current
    current = null
    await finished?.cleanup?.()
  })

  const active = (): Current => {
    if (current === null) throw new Error('storageConformance: the store is only available inside a test')
    return current
  }
  return {
    get storage() {
      return active().storage
    },
    get clock() {
      return active().context.clock
    },
    get context() {
      return active().context
    },
    concurrency,
    async user(overrides = {}) {
      const user = buildUser({ createdAt: active().context.clock.now(), ...overrides })
      await active().storage.createUser(structuredClone(user))
      return user
    },
    async session(userId, overrides = {}) {
      const session = buildSession({ createdAt: active().context.clock.now(), ...overrides, userId })
      await active().storage.createSession(structuredClone(session))
      return session
    },
    async token(userId, overrides = {}) {
      const token = buildToken({ createdAt: active().context.clock.now(), ...overrides, userId })
      await active().storage.createToken(structuredClone(token))
      return token
    },
    async refreshToken(userId, overrides = {}) {
      const token = buildRefreshToken({ createdAt: active().context.clock.now(), ...overrides, userId })
      await active().storage.createRefreshToken(structuredClone(token))
      return token
    },
    async apiKey(userId, overrides = {}) {
      const key = buildApiKey({ createdAt: active().context.clock.now(), ...overrides, userId })
      await active().storage.createApiKey(structuredClone(key))
      return key
    },
  }
}

/**
 * Asserts that `promise` rejects with a {@link UniqueConstraintError} naming `field`.
 *
 * @param promise - the call expected to clash
 * @param field - the unique key expected in the error
 */
export async function expectUniqueConstraint(
  promise: Promise<unknown>,
  field: UniqueConstraintError['field'],
): Promise<void> {
  const outcome = await promise.then(
    () => ({ rejected: false as const }),
    (error: unknown) => ({ rejected: true as const, error }),
  )
  expect(outcome.rejected, `expected a rejection with UniqueConstraintError('${field}')`).toBe(true)
  if (!outcome.rejected) return
  expect(outcome.error).toBeInstanceOf(UniqueConstraintError)
  expect(outcome.error).toHaveProperty('field', field)
}

/** `date` moved by `milliseconds`. */
export function shiftMs(date: Date, milliseconds: number): Date {
  return new Date(date.getTime() + milliseconds)
}

function toFixture(made: Storage | StorageFixture): StorageFixture {
  if ('createUser' in made) return { storage: made }
  return made
}

function nextTestId(): string {
  testCounter += 1
  const suffix = Array.from(randomBytes(4), (b) => b.toString(16).padStart(2, '0')).join('')
  return `pc_t${testCounter}_${suffix}`
}
