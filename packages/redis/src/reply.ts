import { StorageUnavailableError } from '@portcullis/core'

/**
 * Guards for script replies. A reply of an unexpected shape means the keys under the prefix
 * were written by something else (or by another version): the store refuses to guess and
 * fails closed with {@link StorageUnavailableError}.
 */

/**
 * The error for a reply or a stored record that is not what the scripts write.
 *
 * @param what - what was malformed, e.g. `createUser reply`, `session record`
 * @returns the error to throw
 */
export function malformed(what: string): StorageUnavailableError {
  return new StorageUnavailableError(`redis: malformed ${what}`)
}

/**
 * `reply` as an array, or an error.
 *
 * @param reply - a script's reply
 * @param what - named in the error
 * @returns the array
 * @throws {StorageUnavailableError} when `reply` is not an array
 */
export function arrayReply(reply: unknown, what: string): unknown[] {
  if (!Array.isArray(reply)) throw malformed(what)
  return reply
}

/**
 * `reply` as an integer, or an error.
 *
 * @param reply - a script's reply
 * @param what - named in the error
 * @returns the integer
 * @throws {StorageUnavailableError} when `reply` is not an integer
 */
export function integerReply(reply: unknown, what: string): number {
  if (typeof reply !== 'number' || !Number.isInteger(reply)) throw malformed(what)
  return reply
}

/**
 * A hash as returned by `HGETALL` inside a script (`[field, value, field, value, ...]`) as a
 * map, or null when it is empty (the key does not exist).
 *
 * @param reply - the flat field/value array
 * @param what - named in the error
 * @returns the fields, or null for an empty hash
 * @throws {StorageUnavailableError} when `reply` is not a flat array of strings
 */
export function hashReply(reply: unknown, what: string): Map<string, string> | null {
  const flat = arrayReply(reply, what)
  if (flat.length % 2 !== 0) throw malformed(what)
  if (flat.length === 0) return null
  const fields = new Map<string, string>()
  for (let i = 0; i < flat.length; i += 2) {
    const field = flat[i]
    const value = flat[i + 1]
    if (typeof field !== 'string' || typeof value !== 'string') throw malformed(what)
    fields.set(field, value)
  }
  return fields
}
