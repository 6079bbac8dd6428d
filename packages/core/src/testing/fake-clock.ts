import type { Clock } from '../clock/clock.js'

/**
 * Where {@link createFakeClock} starts when given nothing: a fixed instant, so that a failing
 * test prints the same dates on every run. It lies in the future so that a backend with native
 * expiry (Redis `PEXPIREAT`) does not evict records the moment they are written.
 */
export const FAKE_CLOCK_START = '2030-01-01T00:00:00.000Z'

/**
 * A {@link Clock} that only moves when told to, so expiry, idle timeouts and rate-limit windows
 * are tested without sleeping. Its resolution is one millisecond, like `Date`.
 */
export interface FakeClock extends Clock {
  /** The current fake time, as a new `Date` on every call: mutating it does not move the clock. */
  now(): Date
  /**
   * Jumps to `date`, forward or back.
   *
   * @param date - a `Date` or an ISO 8601 string
   * @throws {TypeError} when `date` is not a valid date
   */
  set(date: Date | string): void
  /**
   * Moves the clock by `seconds` (fractions allowed, rounded to the millisecond; a negative
   * value moves it back, to test clock skew).
   *
   * @param seconds - how far to move, in seconds
   * @returns the new current time
   * @throws {TypeError} when `seconds` is not a finite number
   */
  advanceSeconds(seconds: number): Date
  /**
   * Moves the clock by `milliseconds` (a negative value moves it back).
   *
   * @param milliseconds - how far to move, in whole milliseconds
   * @returns the new current time
   * @throws {TypeError} when `milliseconds` is not a finite integer
   */
  advanceMilliseconds(milliseconds: number): Date
}

/**
 * Creates a {@link FakeClock} standing still at `start`.
 *
 * @param start - the initial time, a `Date` or an ISO 8601 string; defaults to {@link FAKE_CLOCK_START}
 * @returns a clock to pass wherever a {@link Clock} is expected
 * @throws {TypeError} when `start` is not a valid date
 * @example
 * ```ts
 * const clock = createFakeClock('2030-01-01T00:00:00Z')
 * clock.advanceSeconds(90)
 * clock.now().toISOString() // '2030-01-01T00:01:30.000Z'
 * clock.set('2030-06-01T12:00:00Z')
 * ```
 */
export function createFakeClock(start: Date | string = FAKE_CLOCK_START): FakeClock {
  let currentMs = toMilliseconds(start)
  const advanceMilliseconds = (milliseconds: number): Date => {
    if (!Number.isInteger(milliseconds)) throw new TypeError('milliseconds must be a finite integer')
    currentMs = checkedTime(currentMs + milliseconds)
    return new Date(currentMs)
  }
  return {
    now: () => new Date(currentMs),
    set: (date) => {
      currentMs = toMilliseconds(date)
    },
    advanceSeconds: (seconds) => {
      if (!Number.isFinite(seconds)) throw new TypeError('seconds must be a finite number')
      return advanceMilliseconds(Math.round(seconds * 1000))
    },
    advanceMilliseconds,
  }
}

function toMilliseconds(date: Date | string): number {
  const ms = typeof date === 'string' ? Date.parse(date) : date.getTime()
  return checkedTime(ms)
}

function checkedTime(ms: number): number {
  if (Number.isNaN(new Date(ms).getTime())) throw new TypeError('not a valid date')
  return ms
}
