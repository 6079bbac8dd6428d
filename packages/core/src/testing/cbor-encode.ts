/** A value the test encoder writes: integers, text, bytes, booleans, arrays and maps (keys in insertion order). */
export type CborValue = number | string | boolean | Uint8Array | readonly CborValue[] | CborMap

/** A CBOR map whose entries are written in insertion order (COSE keys are ordered by their callers). */
export type CborMap = ReadonlyMap<number | string, CborValue>

const utf8 = new TextEncoder()

/**
 * A minimal CBOR encoder (RFC 8949 definite lengths only), enough to build attestation objects
 * and COSE keys in tests. Integers must be safe integers; floats, tags and indefinite lengths
 * are not supported.
 */
export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = []
  write(value, out)
  return Uint8Array.from(out)
}

function write(value: CborValue, out: number[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('encodeCbor: only safe integers are supported')
    if (value >= 0) head(0, value, out)
    else head(1, -1 - value, out)
  } else if (typeof value === 'string') {
    const bytes = utf8.encode(value)
    head(3, bytes.byteLength, out)
    for (const b of bytes) out.push(b)
  } else if (typeof value === 'boolean') {
    out.push(value ? 0xf5 : 0xf4)
  } else if (value instanceof Uint8Array) {
    head(2, value.byteLength, out)
    for (const b of value) out.push(b)
  } else if (value instanceof Map) {
    head(5, value.size, out)
    for (const [key, item] of value) {
      write(key, out)
      write(item, out)
    }
  } else {
    const items = value as readonly CborValue[]
    head(4, items.length, out)
    for (const item of items) write(item, out)
  }
}

/** The initial byte(s): major type and argument, in the shortest form. */
function head(major: number, argument: number, out: number[]): void {
  const type = major << 5
  if (argument < 24) out.push(type | argument)
  else if (argument < 0x100) out.push(type | 24, argument)
  else if (argument < 0x10000) out.push(type | 25, argument >> 8, argument & 0xff)
  else if (argument < 0x100000000)
    out.push(
      type | 26,
      (argument >>> 24) & 0xff,
      (argument >>> 16) & 0xff,
      (argument >>> 8) & 0xff,
      argument & 0xff,
    )
  else throw new TypeError('encodeCbor: arguments above 2^32 - 1 are not supported')
}
