import { malformed } from './reply.js'

/**
 * How record fields are written as hash values: strings as they are (a null is an absent
 * field), booleans as `1` / `0`, dates as epoch milliseconds in decimal (so that the scripts
 * compare deadlines with `tonumber`), JSON values as JSON text. Redis never parses the JSON:
 * it only stores it, so numbers and empty arrays come back exactly as written.
 */

/** A hash being written: `[field, value, ...]`, ready for `HSET`. */
export type FieldPairs = string[]

/**
 * A date as epoch milliseconds in decimal.
 *
 * @param date - the date
 * @returns e.g. `1893456000000`
 */
export function encodeDate(date: Date): string {
  return String(date.getTime())
}

/**
 * A boolean as `1` or `0`.
 *
 * @param value - the boolean
 * @returns `1` or `0`
 */
export function encodeBoolean(value: boolean): string {
  return value ? '1' : '0'
}

/** Reads typed fields back from a hash, failing closed on anything the codecs do not write. */
export class FieldReader {
  readonly #fields: Map<string, string>
  readonly #what: string

  /**
   * @param fields - the hash's fields
   * @param what - the record's kind, named in errors
   */
  constructor(fields: Map<string, string>, what: string) {
    this.#fields = fields
    this.#what = what
  }

  /** A required string field. */
  string(name: string): string {
    const value = this.#fields.get(name)
    if (value === undefined) throw malformed(`${this.#what} (${name})`)
    return value
  }

  /** A nullable string field: absent is null. */
  nullableString(name: string): string | null {
    return this.#fields.get(name) ?? null
  }

  /** A required boolean field. */
  boolean(name: string): boolean {
    const value = this.string(name)
    if (value !== '1' && value !== '0') throw malformed(`${this.#what} (${name})`)
    return value === '1'
  }

  /** A required date field. */
  date(name: string): Date {
    return this.#toDate(name, this.string(name))
  }

  /** A nullable date field: absent is null. */
  nullableDate(name: string): Date | null {
    const value = this.#fields.get(name)
    return value === undefined ? null : this.#toDate(name, value)
  }

  /** A required integer field (decimal, safe integer). */
  integer(name: string): number {
    return this.#toInteger(name, this.string(name))
  }

  /** A nullable integer field: absent is null. */
  nullableInteger(name: string): number | null {
    const value = this.#fields.get(name)
    return value === undefined ? null : this.#toInteger(name, value)
  }

  /** A required JSON field holding an array of strings. */
  stringArray(name: string): string[] {
    const value = this.#json(name)
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
      throw malformed(`${this.#what} (${name})`)
    return value
  }

  /** A required JSON field holding an object. */
  object(name: string): Record<string, unknown> {
    const value = this.#json(name)
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw malformed(`${this.#what} (${name})`)
    return Object.fromEntries(Object.entries(value))
  }

  #json(name: string): unknown {
    try {
      const parsed: unknown = JSON.parse(this.string(name))
      return parsed
    } catch {
      throw malformed(`${this.#what} (${name})`)
    }
  }

  #toInteger(name: string, value: string): number {
    const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN
    if (!Number.isSafeInteger(n)) throw malformed(`${this.#what} (${name})`)
    return n
  }

  #toDate(name: string, value: string): Date {
    const ms = /^-?\d+$/.test(value) ? Number(value) : Number.NaN
    const date = new Date(ms)
    if (Number.isNaN(date.getTime())) throw malformed(`${this.#what} (${name})`)
    return date
  }
}
