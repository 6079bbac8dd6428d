import { checkChallenge, checkRpId } from './options.js'

/** Checks the parts of an expectation both verifiers share; throws a TypeError on a caller mistake. */
export function checkExpectation(
  expected: { challenge: Uint8Array; origins: readonly string[]; rpId: string },
  where: string,
): ReadonlySet<string> {
  checkChallenge(expected.challenge, where)
  checkRpId(expected.rpId, where)
  if (!Array.isArray(expected.origins) || expected.origins.length === 0)
    throw new TypeError(`${where}: origins must list at least one origin, such as "https://example.com"`)
  for (const origin of expected.origins)
    if (typeof origin !== 'string' || origin.length === 0 || origin.endsWith('/'))
      throw new TypeError(`${where}: origins must be serialised origins without a trailing slash`)
  return new Set(expected.origins)
}
