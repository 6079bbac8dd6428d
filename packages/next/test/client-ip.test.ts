import { formatIp, parseForwardedHop } from '@portcullis/core'
import { describe, expect, it } from 'vitest'
import { createClientIpResolver } from '../src/client-ip.js'
import type { ClientIpOptions } from '../src/types.js'

const resolve = (
  options: ClientIpOptions,
  headers: Record<string, string> = {},
  ip?: string,
): string | undefined => {
  const request = new Request('http://app.test/', { headers })
  if (ip !== undefined) Object.defineProperty(request, 'ip', { value: ip })
  return createClientIpResolver(options)(request)
}

describe('createClientIpResolver', () => {
  it('gives no IP by default, whatever the headers claim', () => {
    expect(resolve({}, { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.8' })).toBeUndefined()
  })

  it('takes a platform-set request.ip when it is an address', () => {
    expect(resolve({}, {}, '::ffff:198.51.100.4')).toBe('198.51.100.4')
    expect(resolve({}, {}, 'not an ip')).toBeUndefined()
  })

  it('reads X-Forwarded-For from the right when a proxy is declared', () => {
    const proxy = { proxy: { header: 'x-forwarded-for' } }
    expect(resolve(proxy, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })).toBe('203.0.113.7')
    expect(resolve(proxy, { 'x-forwarded-for': '[2001:DB8::7]:443' })).toBe('2001:db8::7')
    expect(resolve(proxy)).toBeUndefined()
    expect(resolve(proxy, { 'x-forwarded-for': 'unknown' })).toBeUndefined()
  })

  it('skips the hops of trusted proxies, and stops at garbage', () => {
    const chain = { proxy: { trustedProxies: ['10.0.0.0/8'] } }
    expect(resolve(chain, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.3, 10.1.2.3' })).toBe(
      '203.0.113.7',
    )
    expect(resolve(chain, { 'x-forwarded-for': 'spoofed, 10.0.0.3' })).toBe('10.0.0.3')
    expect(resolve(chain, { 'x-forwarded-for': '10.0.0.9, 10.0.0.3' })).toBe('10.0.0.9')
  })

  it('takes a single-address header whole', () => {
    const real = { proxy: { header: 'x-real-ip' } }
    expect(resolve(real, { 'x-real-ip': '203.0.113.7' })).toBe('203.0.113.7')
    expect(resolve(real, { 'x-real-ip': '203.0.113.7, 198.51.100.1' })).toBeUndefined()
    expect(resolve(real, { 'x-forwarded-for': '203.0.113.7' })).toBeUndefined()
  })

  it('prefers getClientIp and canonicalises its answer', () => {
    expect(
      resolve({ getClientIp: () => '2001:0db8:0:0:0:0:0:1', proxy: {} }, { 'x-forwarded-for': '1.2.3.4' }),
    ).toBe('2001:db8::1')
    expect(resolve({ getClientIp: () => 'nope' })).toBeUndefined()
  })

  it('checks its options once', () => {
    expect(() => createClientIpResolver({ proxy: { header: 'X-Real-IP' } })).toThrow(/lower-case/)
    expect(() =>
      createClientIpResolver({ proxy: { header: 'x-real-ip', trustedProxies: ['10.0.0.1'] } }),
    ).toThrow(/only applies/)
    expect(() => createClientIpResolver({ proxy: { trustedProxies: ['10.0.0.0/33'] } })).toThrow(/CIDR/)
  })
})

describe('parseForwardedHop', () => {
  it.each([
    ['203.0.113.7:51234', '203.0.113.7'],
    ['[::ffff:203.0.113.7]:80', '203.0.113.7'],
  ])('reads %j', (hop, expected) => {
    const ip = parseForwardedHop(hop)
    expect(ip && formatIp(ip)).toBe(expected)
  })
  it.each(['unknown', '[203.0.113.7]', '203.0.113.7:port', ''])('refuses %j', (hop) => {
    expect(parseForwardedHop(hop)).toBeNull()
  })
})
