import type { Deps } from '../config/resolve-config.js'
import { InvalidRequestError } from '../errors/errors.js'

/**
 * Validates the app's custom fields against its zod schema and returns the parsed object
 * (unknown keys dropped). Without a schema there are no custom fields: returns `{}`.
 * @throws {InvalidRequestError} with a reason per field.
 */
export function parseCustomFields(deps: Deps, input: unknown): Record<string, unknown> {
  const schema = deps.config.user.fields
  if (!schema) return {}
  const result = schema.safeParse(input ?? {})
  if (!result.success) {
    const fields: Record<string, string> = {}
    for (const issue of result.error.issues) fields[issue.path.join('.') || 'fields'] ??= issue.message
    throw new InvalidRequestError('invalid custom fields', { fields })
  }
  return result.data as Record<string, unknown>
}
