import { describe, expect, it } from 'vitest'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { englishIssue } from '../../src/config/english-issue.js'

/** The issues of parsing `value` with `schema`, as the error map receives them. */
function rawIssues(schema: z.ZodMiniType, value: unknown): z.core.$ZodRawIssue[] {
  const seen: z.core.$ZodRawIssue[] = []
  const result = schema.safeParse(value, {
    error: (issue) => {
      seen.push(issue)
      return 'x'
    },
  })
  // zod finalises messages when the issues are first read.
  expect(result.error?.issues.length).toBeGreaterThan(0)
  return seen
}

const zodEnglish = en().localeError

describe('englishIssue: zod English wording without the 2.7 kB locale', () => {
  const cases: [string, z.ZodMiniType, unknown][] = [
    ['number below', z.int().check(z.gte(60)), 10],
    ['number above', z.int().check(z.lte(8)), 9],
    ['number exclusive', z.number().check(z.gt(0)), 0],
    ['string short', z.string().check(z.minLength(32)), 'short'],
    ['string long', z.string().check(z.maxLength(3)), 'long'],
    ['array empty', z.array(z.string()).check(z.minLength(1)), []],
    ['wrong type', z.number(), 'six'],
    ['null', z.string(), null],
    ['array for object', z.object({}), []],
    ['enum', z.enum(['lax', 'strict']), 'none'],
    ['literal', z.literal('a'), 'b'],
    ['regex', z.string().check(z.regex(/^a$/)), 'b'],
    ['strict object', z.strictObject({ a: z.optional(z.string()) }), { b: 1, c: 2 }],
    ['union', z.union([z.string(), z.array(z.string())]), 5],
  ]

  for (const [name, schema, value] of cases)
    it(`${name}: same message as zod's en locale`, () => {
      const issues = rawIssues(schema, value)
      expect(issues.length).toBeGreaterThan(0)
      for (const issue of issues) expect(englishIssue(issue)).toBe(zodEnglish(issue))
    })
})
