import type * as z from 'zod/v4/core'

const UNITS: Readonly<Record<string, string>> = { string: 'characters', array: 'items', set: 'items' }

/**
 * An English message for a zod issue raised while checking options, in zod's own wording ("Too
 * small: expected number to be >=60"), for the issue kinds option schemas raise. zod/mini
 * registers no locale, and zod's English locale (2.7 kB) is more than options need.
 */
export function englishIssue(issue: z.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${issue.expected}, received ${typeName(issue.input)}`
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${literal(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(literal).join('|')}`
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small'
      const bound = small ? issue.minimum : issue.maximum
      const relation = issue.exact ? 'exactly ' : `${small ? '>' : '<'}${issue.inclusive ? '=' : ''}`
      const unit = UNITS[issue.origin]
      const expected = unit ? `to have ${relation}${bound} ${unit}` : `to be ${relation}${bound}`
      return `Too ${small ? 'small' : 'big'}: expected ${issue.origin} ${expected}`
    }
    case 'invalid_format':
      return issue.format === 'regex'
        ? `Invalid string: must match pattern ${issue.pattern}`
        : `Invalid ${issue.format}`
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(literal).join(', ')}`
    default:
      return 'Invalid input'
  }
}

function typeName(input: unknown): string {
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'array'
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN'
  return typeof input
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value)
}
