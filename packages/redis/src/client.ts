/**
 * The little a Redis client must offer: running a Lua script by its SHA-1 or by its source.
 * Every storage operation is one script, so these two commands are all the store ever sends.
 *
 * ioredis' `Redis` satisfies it as it is. Any other client is wrapped in a few lines (see the
 * README for node-redis). `evalsha` must reject with an error whose message starts with
 * `NOSCRIPT` when the server does not have the script cached, as Redis replies.
 */
export interface RedisScriptClient {
  /**
   * Runs the cached script with this SHA-1 (`EVALSHA sha numKeys ...keysAndArgs`).
   *
   * @param sha - the script's SHA-1, 40 lower-case hex digits
   * @param numKeys - how many of `keysAndArgs` are keys (they come first)
   * @param keysAndArgs - the keys, then the arguments
   * @returns the script's reply: a string, a number, null or a (nested) array of them
   */
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>
  /**
   * Runs a script from its source (`EVAL script numKeys ...keysAndArgs`); Redis caches it, so
   * the next `evalsha` finds it.
   *
   * @param script - the Lua source
   * @param numKeys - how many of `keysAndArgs` are keys (they come first)
   * @param keysAndArgs - the keys, then the arguments
   * @returns the script's reply
   */
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>
}
