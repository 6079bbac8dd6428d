/** A driver client wrapped so that tests can count its calls and take it down. */
export interface Instrumented<T extends object> {
  /** The wrapped client, to hand drizzle. */
  client: T
  /** Names of the counted methods called since the last `reset`, in order. */
  readonly calls: readonly string[]
  /** Forgets the calls counted so far. */
  reset(): void
  /** From now on every counted method rejects with `closedError()`, as the closed driver would. */
  close(): void
}

/**
 * Wraps a driver client (a PGlite, a `pg.Pool`, a libsql `Client`) in a proxy that records each
 * call of `methods`: what the driver receives, so a test can count round trips. Other properties
 * pass through, with methods bound to the real client (they use private fields).
 *
 * @param target - the real client
 * @param methods - the methods that reach the database
 * @param closedError - the error the driver throws once closed
 * @returns the proxy and its controls
 */
export function instrument<T extends object>(
  target: T,
  methods: readonly string[],
  closedError: () => Error,
): Instrumented<T> {
  const counted = new Set<PropertyKey>(methods)
  const calls: string[] = []
  let closed = false
  const client = new Proxy(target, {
    get(real, property) {
      const value: unknown = Reflect.get(real, property, real)
      if (typeof value !== 'function') return value
      if (!counted.has(property)) return value.bind(real)
      return (...args: unknown[]) => {
        if (closed) return Promise.reject(closedError())
        calls.push(String(property))
        return value.apply(real, args)
      }
    },
  })
  return {
    client,
    calls,
    reset() {
      calls.length = 0
    },
    close() {
      closed = true
    },
  }
}
