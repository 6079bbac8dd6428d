import type { Storage } from '../storage/types.js'
import type { FakeClock } from './fake-clock.js'

/** What the conformance suite hands the factory before each test. */
export interface StorageFactoryContext {
  /**
   * The test's fake clock. The suite passes `clock.now()` as `now` to every method that takes
   * one; give the clock to an adapter that also reads time itself.
   */
  readonly clock: FakeClock
  /**
   * Unique per test and per process (a counter and a random suffix): `[a-z0-9_]`, starting with
   * a letter, at most 30 characters. Use it as a SQL schema name or a Redis key prefix.
   */
  readonly testId: string
}

/** A store for one test, with what undoes it. */
export interface StorageFixture {
  /** A fresh, empty store. */
  storage: Storage
  /** Run after the test, whether it passed or failed (drop the schema, delete the prefix). */
  cleanup?: () => void | Promise<void>
}

/**
 * Makes a fresh, empty store for one test. Return the {@link Storage} itself when nothing needs
 * undoing (memory), or a {@link StorageFixture} with a `cleanup`. Called once before each test.
 */
export type StorageFactory = (
  context: StorageFactoryContext,
) => Storage | StorageFixture | Promise<Storage | StorageFixture>

/** Options of `storageConformance`. */
export interface StorageConformanceOptions {
  /**
   * Parallel calls in each concurrency case (at least 2).
   * @default 50
   */
  concurrency?: number
  /**
   * Where each test's fake clock starts: a `Date` or an ISO 8601 string.
   * @default FAKE_CLOCK_START ('2030-01-01T00:00:00.000Z')
   */
  startAt?: Date | string
  /**
   * Makes the backend behind `storage` fail (close the pool, disconnect the client). When given,
   * the suite adds one case per method: after the outage, the call must reject with
   * `StorageUnavailableError`, never with a raw driver error. `cleanup` still runs afterwards.
   */
  simulateOutage?: (storage: Storage, context: StorageFactoryContext) => void | Promise<void>
}
