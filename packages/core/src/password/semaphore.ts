import { ServerBusyError } from '../errors/errors.js'

/** Bounds concurrent work: a fixed number of slots and a bounded waiting line. */
export interface Semaphore {
  /**
   * Runs `task` when a slot is free, waiting in line if needed.
   * @throws {ServerBusyError} `server_busy`, at once, when every slot is taken and the line is full
   */
  run<T>(task: () => Promise<T>): Promise<T>
  /** Tasks running now. */
  readonly active: number
  /** Tasks waiting for a slot. */
  readonly waiting: number
}

/**
 * A semaphore with `maxConcurrent` slots and room for `maxQueue` waiters, served first in,
 * first out. Beyond that a call is refused with {@link ServerBusyError} without waiting, which
 * bounds both the CPU and the memory a burst of logins can take (SECURITY.md PW-14).
 *
 * @param maxConcurrent - tasks allowed to run at once (at least 1)
 * @param maxQueue - tasks allowed to wait (0 refuses any call while all slots are busy)
 */
export function createSemaphore(maxConcurrent: number, maxQueue: number): Semaphore {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
    throw new TypeError('maxConcurrent must be an integer ≥ 1')
  if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new TypeError('maxQueue must be an integer ≥ 0')

  let active = 0
  const line: Array<() => void> = []

  function release(): void {
    const next = line.shift()
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next()
    else active--
  }

  async function acquire(): Promise<void> {
    if (active < maxConcurrent) {
      active++
      return
    }
    if (line.length >= maxQueue) throw new ServerBusyError('too many password hashes in progress')
    await new Promise<void>((resolve) => line.push(resolve))
  }

  return {
    async run(task) {
      await acquire()
      try {
        return await task()
      } finally {
        release()
      }
    },
    get active() {
      return active
    },
    get waiting() {
      return line.length
    },
  }
}
