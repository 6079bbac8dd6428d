/**
 * IP addresses and CIDR ranges, parsed strictly and without `node:*`, shared by every adapter.
 * An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is the IPv4 address it maps, so one
 * trusted-proxy entry covers a dual-stack socket in both spellings.
 *
 * @module
 */

/** A parsed IP address: 4 bytes for IPv4, 16 bytes for IPv6. */
export interface IpAddress {
  readonly version: 4 | 6
  readonly bytes: Uint8Array
}

/** A CIDR range: the network address and the number of leading bits that must match. */
export interface IpRange {
  readonly version: 4 | 6
  readonly bytes: Uint8Array
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  readonly prefix: number
}

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/
const PREFIX = /^(?:0|[1-9]\d{0,2})$/

function parseIpv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  const bytes = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!
    if (!IPV4_PART.test(part)) return null
    const value = Number(part)
    if (value > 255) return null
    bytes[i] = value
  }
  return bytes
}

function parseGroups(text: string): number[] | null {
  if (text === '') return []
  const groups: number[] = []
  for (const group of text.split(':')) {
    if (!IPV6_GROUP.test(group)) return null
    groups.push(Number.parseInt(group, 16))
  }
  return groups
}

function parseIpv6Bytes(input: string): Uint8Array | null {
  // A zone index (`fe80::1%eth0`) names a local interface; it is not part of the address.
  const zoneAt = input.indexOf('%')
  if (zoneAt !== -1 && zoneAt === input.length - 1) return null
  let text = zoneAt === -1 ? input : input.slice(0, zoneAt)

  // A trailing dotted quad stands for the last two groups (`::ffff:192.0.2.1`).
  let tail4: Uint8Array | null = null
  const lastColon = text.lastIndexOf(':')
  if (lastColon !== -1 && text.includes('.', lastColon)) {
    tail4 = parseIpv4Bytes(text.slice(lastColon + 1))
    if (!tail4) return null
    text = `${text.slice(0, lastColon + 1)}0:0`
  }

  const gap = text.indexOf('::')
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return null
  let groups: number[]
  if (gap === -1) {
    const all = parseGroups(text)
    if (all?.length !== 8) return null
    groups = all
  } else {
    const head = parseGroups(text.slice(0, gap))
    const tail = parseGroups(text.slice(gap + 2))
    if (!head || !tail || head.length + tail.length > 7) return null
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail]
  }

  const bytes = new Uint8Array(16)
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8
    bytes[i * 2 + 1] = group & 0xff
  })
  if (tail4) bytes.set(tail4, 12)
  return bytes
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false
  return bytes[10] === 0xff && bytes[11] === 0xff
}

/**
 * Parses an IPv4 or IPv6 address. Strict: no surrounding whitespace, no brackets, no port, no
 * leading zeros in IPv4 parts (`010.0.0.1` is ambiguous), no shorthand forms (`127.1`). A zone
 * index (`%eth0`) is dropped, and an IPv4-mapped IPv6 address is returned as IPv4.
 *
 * @param text - The address as text.
 * @returns The address, or null when `text` is not one.
 * @example
 * parseIp('::ffff:192.0.2.1') // { version: 4, bytes: Uint8Array [192, 0, 2, 1] }
 * parseIp('192.0.2.1:80')     // null
 */
export function parseIp(text: string): IpAddress | null {
  if (text.length === 0 || text.length > 64) return null
  if (!text.includes(':')) {
    const bytes = parseIpv4Bytes(text)
    return bytes ? { version: 4, bytes } : null
  }
  const bytes = parseIpv6Bytes(text)
  if (!bytes) return null
  return isIpv4Mapped(bytes) ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes }
}

/**
 * Formats an address canonically: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, no
 * leading zeros, the longest run of two or more zero groups shortened to `::`).
 *
 * @param ip - A parsed address.
 * @returns The canonical text.
 * @example
 * formatIp(parseIp('2001:DB8:0:0:0:0:0:1')!) // '2001:db8::1'
 */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return Array.from(ip.bytes).join('.')
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!)
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map((group) => group.toString(16))
  if (bestStart === -1) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/**
 * Parses a CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or a single address (a full-length
 * range). Host bits below the prefix are ignored (`10.1.2.3/8` is `10.0.0.0/8`). An
 * IPv4-mapped IPv6 range of prefix 96 or more is the IPv4 range it maps.
 *
 * @param text - The range as text.
 * @returns The range, or null when `text` is not one.
 * @example
 * parseIpRange('::ffff:10.0.0.0/104') // { version: 4, bytes: [10, 0, 0, 0], prefix: 8 }
 */
export function parseIpRange(text: string): IpRange | null {
  if (text.length === 0 || text.length > 70) return null
  const slash = text.indexOf('/')
  const addressText = slash === -1 ? text : text.slice(0, slash)
  if (addressText.includes('%')) return null
  const prefixText = slash === -1 ? null : text.slice(slash + 1)
  if (prefixText !== null && !PREFIX.test(prefixText)) return null

  const v6 = addressText.includes(':')
  const parsed = v6 ? parseIpv6Bytes(addressText) : parseIpv4Bytes(addressText)
  if (!parsed) return null
  const ip: IpAddress = { version: v6 ? 6 : 4, bytes: parsed }
  const bits = ip.version === 4 ? 32 : 128
  let prefix = prefixText === null ? bits : Number(prefixText)
  if (prefix > bits) return null

  let version: 4 | 6 = ip.version
  let bytes = ip.bytes
  if (version === 6 && isIpv4Mapped(bytes) && prefix >= 96) {
    version = 4
    bytes = bytes.slice(12)
    prefix -= 96
  }
  const network = bytes.slice()
  for (let bit = prefix; bit < network.length * 8; bit++) {
    network[bit >> 3]! &= ~(0x80 >> (bit & 7))
  }
  return { version, bytes: network, prefix }
}

/**
 * Tells whether `ip` lies in `range`. Versions never mix: an IPv4 address is only in an IPv4
 * range (parse IPv4-mapped IPv6 with {@link parseIp} and it is IPv4).
 *
 * @param ip - A parsed address.
 * @param range - A parsed range.
 * @returns Whether the first `range.prefix` bits are equal.
 * @example
 * ipInRange(parseIp('10.1.2.3')!, parseIpRange('10.0.0.0/8')!) // true
 */
export function ipInRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.version !== range.version) return false
  const whole = range.prefix >> 3
  for (let i = 0; i < whole; i++) if (ip.bytes[i] !== range.bytes[i]) return false
  const rest = range.prefix & 7
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return (ip.bytes[whole]! & mask) === range.bytes[whole]
}

/**
 * Builds a predicate from a list of addresses and CIDR ranges, checked once, up front.
 *
 * @param entries - Addresses and ranges, e.g. `['10.0.0.0/8', '::1']`.
 * @returns A function telling whether an address is in any entry.
 * @throws {TypeError} Listing every entry that is not an address or a range.
 * @example
 * const isTrusted = createIpMatcher(['10.0.0.0/8', '::1'])
 * isTrusted(parseIp('10.9.8.7')!) // true
 */
export function createIpMatcher(entries: readonly string[]): (ip: IpAddress) => boolean {
  const ranges: IpRange[] = []
  const invalid: string[] = []
  for (const entry of entries) {
    const range = typeof entry === 'string' ? parseIpRange(entry.trim()) : null
    if (range) ranges.push(range)
    else invalid.push(JSON.stringify(entry))
  }
  if (invalid.length > 0) {
    throw new TypeError(`not an IP address or CIDR range: ${invalid.join(', ')}`)
  }
  return function isInList(ip: IpAddress): boolean {
    return ranges.some((range) => ipInRange(ip, range))
  }
}
