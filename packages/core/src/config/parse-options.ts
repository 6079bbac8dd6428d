import type * as z from 'zod/mini'
import { ConfigError } from '../errors/errors.js'
import { englishIssue } from './english-issue.js'

/**
 * Parses options with `schema`, in English whatever locale the app set: zod/mini registers none,
 * so messages are asked for here, for this parse only, and a {@link ConfigError} reads the same
 * whether or not the app loaded zod's classic API (which sets one globally).
 *
 * @param prefix - put before each issue's path (`passkeys` → `passkeys.rpId: …`)
 * @throws {ConfigError} listing every issue as `path: message`
 */
export function parseOptions<T>(schema: z.ZodMiniType<T>, value: unknown, prefix?: string): T {
  const parsed = schema.safeParse(value, { error: englishIssue })
  if (parsed.success) return parsed.data
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.')
      return `${path || 'options'}: ${issue.message}`
    }),
  )
}
