import { StorageUnavailableError } from '@portcullis/core'
import type { RedisScriptClient } from './client.js'

/** A Lua script the store runs: its source, and a name for error messages. */
export interface LuaScript {
  /** Short name, e.g. `createUser`, shown in error messages. */
  readonly name: string
  /** The Lua source. */
  readonly source: string
}

/** Runs scripts on one client: EVALSHA first, EVAL on NOSCRIPT, every failure typed. */
export interface ScriptRunner {
  /**
   * Runs `script` with `keys` and `args` in one round trip (two the first time after the
   * server lost its script cache: EVALSHA answered NOSCRIPT, then EVAL).
   *
   * @throws {StorageUnavailableError} when the client or the server fails, with the error as `cause`
   */
  run(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown>
}

/**
 * A {@link ScriptRunner} over `client`. SHA-1 digests are computed once per script with Web
 * Crypto, so the store runs wherever the client does.
 *
 * @param client - the Redis client
 * @returns the runner the stores share
 */
export function createScriptRunner(client: RedisScriptClient): ScriptRunner {
  const digests = new Map<LuaScript, Promise<string>>()
  const digestOf = (script: LuaScript): Promise<string> => {
    let digest = digests.get(script)
    if (!digest) {
      digest = sha1Hex(script.source)
      digests.set(script, digest)
    }
    return digest
  }
  return {
    async run(script, keys, args) {
      const keysAndArgs = [...keys, ...args]
      try {
        const sha = await digestOf(script)
        try {
          return await client.evalsha(sha, keys.length, ...keysAndArgs)
        } catch (error) {
          if (!isNoScript(error)) throw error
          return await client.eval(script.source, keys.length, ...keysAndArgs)
        }
      } catch (error) {
        throw new StorageUnavailableError(`redis: ${script.name} failed`, { cause: error })
      }
    },
  }
}

/** Whether `error` is Redis' reply to EVALSHA for a script it does not have cached. */
function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}
