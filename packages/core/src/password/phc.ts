import { decodeBase64IgnorePadding, encodeBase64NoPadding } from '@oslojs/encoding'

/**
 * The fields of a PHC string (`$<id>[$v=<version>]$<param>=<value>,...$<salt>$<hash>`), as in
 * the PHC string format spec (github.com/P-H-C/phc-string-format). Salt and hash are raw bytes;
 * the string form uses standard base64 without padding, as the argon2 reference does.
 */
export interface PhcFields {
  /** Algorithm id, e.g. `argon2id`. */
  readonly id: string
  /** The `v=` field, or `null` when absent. */
  readonly version: number | null
  /** Parameters in the order they appear. */
  readonly params: ReadonlyArray<readonly [name: string, value: string]>
  readonly salt: Uint8Array
  readonly hash: Uint8Array
}

/** Longest PHC string we look at: far above any real one, so a huge stored value costs nothing. */
const MAX_PHC_CHARS = 512
const ID = /^[a-z0-9-]{1,32}$/
const PARAM = /^([a-z0-9-]{1,32})=([a-zA-Z0-9/+.-]{1,64})$/
const VERSION = /^v=(0|[1-9][0-9]{0,9})$/
// '.' is accepted as an alias of '+' so that passlib's "ab64" encoding reads too.
const B64 = /^[A-Za-z0-9+/.]+$/

/**
 * Splits a PHC string into its fields. Returns `null` (never throws) for anything malformed:
 * a missing salt or hash, padding, non-canonical base64, an unexpected field count.
 */
export function parsePhc(phc: string): PhcFields | null {
  if (typeof phc !== 'string' || phc.length > MAX_PHC_CHARS || !phc.startsWith('$')) return null
  const segments = phc.slice(1).split('$')
  const id = segments[0]
  if (id === undefined || !ID.test(id)) return null

  let rest: string[]
  let version: number | null = null
  if (segments.length === 5) {
    const match = VERSION.exec(segments[1] ?? '')
    if (!match) return null
    version = Number(match[1])
    rest = segments.slice(2)
  } else if (segments.length === 4) {
    rest = segments.slice(1)
  } else {
    return null
  }

  const [paramText = '', saltText = '', hashText = ''] = rest
  const params: Array<readonly [string, string]> = []
  for (const pair of paramText.split(',')) {
    const match = PARAM.exec(pair)
    if (!match) return null
    const name = match[1]!
    if (params.some(([seen]) => seen === name)) return null
    params.push([name, match[2]!])
  }

  const salt = decodePhcBase64(saltText)
  const hash = decodePhcBase64(hashText)
  if (!salt || !hash) return null
  return { id, version, params, salt, hash }
}

/** Writes PHC fields back as a string, with standard base64 without padding. */
export function formatPhc(fields: PhcFields): string {
  const version = fields.version === null ? '' : `$v=${fields.version}`
  const params = fields.params.map(([name, value]) => `${name}=${value}`).join(',')
  return `$${fields.id}${version}$${params}$${encodeBase64NoPadding(fields.salt)}$${encodeBase64NoPadding(fields.hash)}`
}

/**
 * Parses a PHC decimal parameter: digits only, no sign, no leading zero, at most 2^32 - 1.
 * Returns `null` otherwise.
 */
export function parsePhcDecimal(value: string | undefined): number | null {
  if (value === undefined || !/^(0|[1-9][0-9]{0,9})$/.test(value)) return null
  const n = Number(value)
  return n <= 0xffff_ffff ? n : null
}

function decodePhcBase64(text: string): Uint8Array | null {
  if (!B64.test(text) || text.length % 4 === 1) return null
  const standard = text.replaceAll('.', '+')
  try {
    const bytes = decodeBase64IgnorePadding(standard)
    // Reject non-canonical encodings (stray low bits), so one hash has one spelling.
    return encodeBase64NoPadding(bytes) === standard ? bytes : null
  } catch {
    return null
  }
}
