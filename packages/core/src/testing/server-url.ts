const announced = new Set<string>()

/**
 * The URL of a real server for integration tests, from the environment variable `name`
 * (`DATABASE_URL`, `REDIS_URL`). Outside CI a missing variable skips the tests with one clear
 * line; with `CI=true` it is an error: CI never skips a server silently.
 *
 * @param name - the environment variable to read.
 * @returns the URL, or undefined when the tests should skip.
 * @throws {Error} when `CI=true` and the variable is unset.
 * @example
 * const url = serverUrlFromEnv('DATABASE_URL')
 * describe.skipIf(!url)('drizzle on a PostgreSQL server', () => { ... })
 */
export function serverUrlFromEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {}
  const value = env[name]
  if (value) return value
  if (env.CI === 'true') throw new Error(`${name} is not set, and CI=true: integration tests must not skip`)
  if (!announced.has(name)) {
    announced.add(name)
    console.warn(`[portcullis] ${name} is not set: skipping the tests that need that server`)
  }
  return undefined
}
