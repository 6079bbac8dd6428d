import { describe, expect, it } from 'vitest'
import { ServerBusyError } from '../../src/errors/errors.js'
import { createSemaphore } from '../../src/password/semaphore.js'

/** A task that finishes when the test says so. */
function gate<T>(value: T) {
  let open: () => void = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  const task = async (): Promise<T> => {
    await opened
    return value
  }
  return { task, open }
}

describe('createSemaphore', () => {
  it('runs at most maxConcurrent tasks and queues the rest in order', async () => {
    const semaphore = createSemaphore(2, 10)
    let running = 0
    let peak = 0
    const order: number[] = []
    const tasks = Array.from({ length: 6 }, (_, i) =>
      semaphore.run(async () => {
        running++
        peak = Math.max(peak, running)
        order.push(i)
        await new Promise((resolve) => setTimeout(resolve, 5))
        running--
        return i
      }),
    )
    expect(semaphore.active).toBe(2)
    expect(semaphore.waiting).toBe(4)
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5])
    expect(peak).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4, 5])
    expect(semaphore.active).toBe(0)
  })

  it('refuses at once with ServerBusyError when the queue is full', async () => {
    const semaphore = createSemaphore(1, 1)
    const first = gate('first')
    const second = gate('second')
    const running = semaphore.run(first.task)
    const queued = semaphore.run(second.task)
    const started = performance.now()
    await expect(semaphore.run(async () => 'third')).rejects.toBeInstanceOf(ServerBusyError)
    expect(performance.now() - started).toBeLessThan(50)
    first.open()
    second.open()
    expect(await Promise.all([running, queued])).toEqual(['first', 'second'])
    expect(await semaphore.run(async () => 'after')).toBe('after')
  })

  it('with maxQueue 0 refuses whenever every slot is taken', async () => {
    const semaphore = createSemaphore(1, 0)
    const first = gate(1)
    const running = semaphore.run(first.task)
    await expect(semaphore.run(async () => 2)).rejects.toMatchObject({ code: 'server_busy', status: 503 })
    first.open()
    expect(await running).toBe(1)
  })

  it('frees the slot when a task fails', async () => {
    const semaphore = createSemaphore(1, 0)
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(semaphore.active).toBe(0)
    expect(await semaphore.run(async () => 'ok')).toBe('ok')
  })

  it('rejects nonsensical sizes', () => {
    expect(() => createSemaphore(0, 1)).toThrow(TypeError)
    expect(() => createSemaphore(1, -1)).toThrow(TypeError)
    expect(() => createSemaphore(1.5, 1)).toThrow(TypeError)
  })
})
