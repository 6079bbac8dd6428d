import { formatIp, parseForwardedHop } from '@portcullis/core'
import { describe, expect, it } from 'vitest'
import { createClientIpResolver } from '../src/client-ip.js'
import type { ClientIpOptions, RequestIpSource } from '../src/types.js'

/** A stand-in for Bun's `Server` whose `requestIP` reports `address` (null: a Unix socket). */
const server = (address: string | null): RequestIpSource => ({
  requestIP: () => (address === null ? null : { address }),
})

function resolve(options: ClientIpOptions, socket: string | null, headers: HeadersInit = {}): string | null {
  const clientIp = createClientIpResolver(options)
  return clientIp(new Request('http://localhost/', { headers }), server(socket)) ?? null
}

describe('parseForwardedHop', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['[2001:db8::7]:443', '2001:db8::7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
  ])('reads %j', (hop, expected) => {
    const ip = parseForwardedHop(hop)
    expect(ip && formatIp(ip)).toBe(expected)
  })

  it.each(['unknown', '', '[203.0.113.7]', '203.0.113.7:', 'for=203.0.113.7', '203.0.113.7 198.51.100.1'])(
    'rejects %j',
    (hop) => {
      expect(parseForwardedHop(hop)).toBeNull()
    },
  )
})

describe('createClientIpResolver without trusted proxies', () => {
  it('uses the socket address from server.requestIP and ignores X-Forwarded-For (BF-2, IN-4)', () => {
    for (const forged of ['203.0.113.1', '203.0.113.2, 10.0.0.1', '::1', 'garbage']) {
      expect(resolve({}, '198.51.100.20', { 'X-Forwarded-For': forged, 'X-Real-IP': forged })).toBe(
        '198.51.100.20',
      )
    }
  })

  it('canonicalises the socket address (Bun reports ::ffff:127.0.0.1 on a dual-stack socket)', () => {
    expect(resolve({}, '::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(resolve({}, '2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1')
  })

  it('has no client IP without a socket address, a server, or with garbage', () => {
    expect(resolve({}, null)).toBeNull()
    expect(resolve({}, 'not-an-ip')).toBeNull()
    expect(createClientIpResolver()(new Request('http://localhost/'))).toBeUndefined()
  })
})

describe('createClientIpResolver with trusted proxies', () => {
  const options = { trustedProxies: ['10.0.0.0/8', '::1'] }

  it('reads X-Forwarded-For only when the socket peer is a trusted proxy', () => {
    expect(resolve(options, '10.1.2.3', { 'X-Forwarded-For': '203.0.113.7' })).toBe('203.0.113.7')
    expect(resolve(options, '198.51.100.20', { 'X-Forwarded-For': '203.0.113.7' })).toBe('198.51.100.20')
  })

  it('takes the right-most hop that is not a trusted proxy, so a client cannot prepend a forged hop', () => {
    expect(resolve(options, '::1', { 'X-Forwarded-For': '192.0.2.66, 203.0.113.7, 10.0.0.2' })).toBe(
      '203.0.113.7',
    )
  })

  it('stops at the last trusted proxy on a hop that is not an address', () => {
    expect(resolve(options, '10.0.0.1', { 'X-Forwarded-For': '203.0.113.7, garbage, 10.0.0.2' })).toBe(
      '10.0.0.2',
    )
    expect(resolve(options, '10.0.0.1')).toBe('10.0.0.1')
  })

  it('refuses entries that are not addresses or ranges, at construction', () => {
    expect(() => createClientIpResolver({ trustedProxies: ['10.0.0.0/33', 'proxy.local'] })).toThrow(
      /"trustedProxies": not an IP address or CIDR range: "10.0.0.0\/33", "proxy.local"/,
    )
    expect(() => createClientIpResolver({ trustedProxies: '10.0.0.1' as unknown as string[] })).toThrow(
      TypeError,
    )
  })
})
