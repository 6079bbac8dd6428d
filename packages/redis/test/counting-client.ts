import type { RedisScriptClient } from '../src/index.js'

/** A {@link RedisScriptClient} that records each command it forwards: what a round trip is. */
export class CountingClient implements RedisScriptClient {
  /** The commands sent, in order: `EVALSHA` or `EVAL`. */
  readonly sent: string[] = []
  readonly #inner: RedisScriptClient

  constructor(inner: RedisScriptClient) {
    this.#inner = inner
  }

  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown> {
    this.sent.push('EVALSHA')
    return this.#inner.evalsha(sha, numKeys, ...keysAndArgs)
  }

  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown> {
    this.sent.push('EVAL')
    return this.#inner.eval(script, numKeys, ...keysAndArgs)
  }

  /** Forgets what was sent so far. */
  reset(): void {
    this.sent.length = 0
  }
}
