import { describe, expect, it } from 'vitest'
import {
  createIpMatcher,
  formatIp,
  ipInRange,
  parseIp,
  parseIpRange,
} from '../../src/client-ip/ip-address.js'

const canonical = (text: string): string | null => {
  const ip = parseIp(text)
  return ip ? formatIp(ip) : null
}

const range = (text: string) => {
  const parsed = parseIpRange(text)
  if (!parsed) throw new Error(`bad range in test: ${text}`)
  return parsed
}

const ip = (text: string) => {
  const parsed = parseIp(text)
  if (!parsed) throw new Error(`bad address in test: ${text}`)
  return parsed
}

describe('parseIp: IPv4', () => {
  it.each([
    ['0.0.0.0', '0.0.0.0'],
    ['127.0.0.1', '127.0.0.1'],
    ['192.0.2.1', '192.0.2.1'],
    ['255.255.255.255', '255.255.255.255'],
  ])('parses %s', (text, expected) => {
    expect(canonical(text)).toBe(expected)
    expect(parseIp(text)?.version).toBe(4)
  })

  it.each([
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.04',
    '127.1',
    '0x7f.0.0.1',
    '1.2.3.-4',
    '1.2.3.4 ',
    ' 1.2.3.4',
    '1.2.3.4\n',
    '1.2.3.4:80',
    '1..3.4',
    '1.2.3.',
    '1.2.3.4/32',
    '１.２.３.４',
    '1.2.3.4%eth0',
    '',
    'localhost',
    'unknown',
    '1e2.0.0.1',
    '2130706433',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeNull()
  })
})

describe('parseIp: IPv6', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:1:1:1:1:1:1', '2001:db8:1:1:1:1:1:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['fe80::1%eth0', 'fe80::1'],
    ['fe80::1%25', 'fe80::1'],
    ['::1.2.3.4', '::102:304'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('parses %s as %s', (text, expected) => {
    expect(canonical(text)).toBe(expected)
    expect(parseIp(text)?.version).toBe(6)
  })

  it.each([
    ':::',
    '1::2::3',
    ':1::',
    '1::2:',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    '12345::',
    'g::1',
    '2001:db8::1/64',
    '[::1]',
    '[::1]:80',
    '::1%',
    '::1.2.3',
    '::1.2.3.256',
    '::ffff:01.2.3.4',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '1:2:3:4:5:6:7:1.2.3.4',
    ' ::1',
    '::1 ',
    `${'0:'.repeat(40)}1`,
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeNull()
  })
})

describe('parseIp: IPv4-mapped IPv6', () => {
  it.each([
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['::ffff:c000:201', '192.0.2.1'],
    ['0:0:0:0:0:ffff:c000:0201', '192.0.2.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
  ])('is the IPv4 address it maps: %s', (text, expected) => {
    expect(parseIp(text)?.version).toBe(4)
    expect(canonical(text)).toBe(expected)
  })

  it('keeps IPv4-compatible and NAT64 addresses as IPv6', () => {
    expect(parseIp('::c000:201')?.version).toBe(6)
    expect(parseIp('::fffe:c000:201')?.version).toBe(6)
    expect(parseIp('64:ff9b::c000:201')?.version).toBe(6)
  })
})

describe('parseIpRange', () => {
  it('reads a prefix and clears host bits', () => {
    expect(parseIpRange('10.1.2.3/8')).toEqual({
      version: 4,
      bytes: new Uint8Array([10, 0, 0, 0]),
      prefix: 8,
    })
    expect(parseIpRange('192.168.1.129/25')).toEqual({
      version: 4,
      bytes: new Uint8Array([192, 168, 1, 128]),
      prefix: 25,
    })
    expect(parseIpRange('2001:db8:abcd::1/32')?.bytes).toEqual(ip('2001:db8::').bytes)
  })

  it('treats a bare address as a full-length range', () => {
    expect(parseIpRange('10.0.0.1')?.prefix).toBe(32)
    expect(parseIpRange('::1')?.prefix).toBe(128)
  })

  it('turns an IPv4-mapped range of /96 or longer into IPv4', () => {
    expect(parseIpRange('::ffff:10.0.0.0/104')).toEqual({
      version: 4,
      bytes: new Uint8Array([10, 0, 0, 0]),
      prefix: 8,
    })
    expect(parseIpRange('::ffff:10.0.0.1')?.version).toBe(4)
    expect(parseIpRange('::ffff:0:0/80')?.version).toBe(6)
  })

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10.0.0.0/ 8',
    '10.0.0/8',
    'fe80::1%eth0/64',
    '/8',
    '',
    'everything',
  ])('rejects %j', (text) => {
    expect(parseIpRange(text)).toBeNull()
  })
})

describe('ipInRange', () => {
  it('matches on the prefix bits only', () => {
    expect(ipInRange(ip('10.255.0.1'), range('10.0.0.0/8'))).toBe(true)
    expect(ipInRange(ip('11.0.0.1'), range('10.0.0.0/8'))).toBe(false)
    expect(ipInRange(ip('192.168.1.200'), range('192.168.1.128/25'))).toBe(true)
    expect(ipInRange(ip('192.168.1.127'), range('192.168.1.128/25'))).toBe(false)
    expect(ipInRange(ip('172.31.255.255'), range('172.16.0.0/12'))).toBe(true)
    expect(ipInRange(ip('172.32.0.0'), range('172.16.0.0/12'))).toBe(false)
    expect(ipInRange(ip('203.0.113.9'), range('0.0.0.0/0'))).toBe(true)
    expect(ipInRange(ip('10.0.0.1'), range('10.0.0.1'))).toBe(true)
    expect(ipInRange(ip('10.0.0.2'), range('10.0.0.1'))).toBe(false)
  })

  it('matches IPv6 ranges, including odd prefixes', () => {
    expect(ipInRange(ip('2001:db8:ffff::1'), range('2001:db8::/32'))).toBe(true)
    expect(ipInRange(ip('2001:db9::1'), range('2001:db8::/32'))).toBe(false)
    expect(ipInRange(ip('fd12:3456::1'), range('fc00::/7'))).toBe(true)
    expect(ipInRange(ip('fe00::1'), range('fc00::/7'))).toBe(false)
    expect(ipInRange(ip('::1'), range('::1/128'))).toBe(true)
    expect(ipInRange(ip('::2'), range('::1/128'))).toBe(false)
  })

  it('never mixes versions', () => {
    expect(ipInRange(ip('10.0.0.1'), range('::/0'))).toBe(false)
    expect(ipInRange(ip('::1'), range('0.0.0.0/0'))).toBe(false)
  })

  it('puts an IPv4-mapped address in the IPv4 range', () => {
    expect(ipInRange(ip('::ffff:10.1.2.3'), range('10.0.0.0/8'))).toBe(true)
    expect(ipInRange(ip('10.1.2.3'), range('::ffff:10.0.0.0/104'))).toBe(true)
  })
})

describe('createIpMatcher', () => {
  it('matches any entry', () => {
    const isTrusted = createIpMatcher(['10.0.0.0/8', '::1', ' 192.0.2.7 '])
    expect(isTrusted(ip('10.9.8.7'))).toBe(true)
    expect(isTrusted(ip('::1'))).toBe(true)
    expect(isTrusted(ip('192.0.2.7'))).toBe(true)
    expect(isTrusted(ip('::ffff:192.0.2.7'))).toBe(true)
    expect(isTrusted(ip('192.0.2.8'))).toBe(false)
  })

  it('matches nothing when empty', () => {
    expect(createIpMatcher([])(ip('127.0.0.1'))).toBe(false)
  })

  it('lists every invalid entry at construction', () => {
    expect(() => createIpMatcher(['10.0.0.0/8', 'proxy.internal', '10.0.0.0/40'])).toThrow(
      /"proxy\.internal", "10\.0\.0\.0\/40"/,
    )
    expect(() => createIpMatcher([42 as unknown as string])).toThrow(TypeError)
  })
})
