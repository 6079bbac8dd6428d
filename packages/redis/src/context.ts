import type { KeyLayout } from './keys.js'
import type { ScriptRunner } from './script.js'

/** What every store of one Redis storage shares: the script runner and the key layout. */
export interface RedisContext {
  /** Runs the Lua scripts on the client. */
  readonly scripts: ScriptRunner
  /** Names the keys under the prefix. */
  readonly keys: KeyLayout
}
