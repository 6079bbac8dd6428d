import { formatIp, parseForwardedHop } from '@portcullis/core'
import { Hono } from 'hono'
import type { GetConnInfo } from 'hono/conninfo'
import { describe, expect, it } from 'vitest'
import { createClientIpResolver } from '../src/client-ip.js'
import type { ClientIpOptions } from '../src/types.js'

/** A conn-info helper that reports `address` as the socket peer. */
const socket =
  (address: string | undefined): GetConnInfo =>
  () => ({ remote: address === undefined ? {} : { address, addressType: undefined } })

/** Resolves the client IP of one in-process request. */
async function resolve(options: ClientIpOptions, headers: HeadersInit = {}): Promise<string | null> {
  const clientIp = createClientIpResolver(options)
  const app = new Hono()
  app.get('/', (c) => c.json({ ip: clientIp(c) ?? null }))
  const response = await app.request('/', { headers })
  const body = (await response.json()) as { ip: string | null }
  return body.ip
}

describe('parseForwardedHop', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['2001:db8::7', '2001:db8::7'],
    ['[2001:db8::7]', '2001:db8::7'],
    ['[2001:db8::7]:443', '2001:db8::7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['[::ffff:203.0.113.7]:80', '203.0.113.7'],
  ])('reads %j', (hop, expected) => {
    const ip = parseForwardedHop(hop)
    expect(ip && formatIp(ip)).toBe(expected)
  })

  it.each([
    'unknown',
    '_hidden',
    '',
    '[203.0.113.7]',
    '[2001:db8::7',
    '2001:db8::7]:80',
    '[2001:db8::7]:http',
    '203.0.113.7:',
    '203.0.113.7:123456',
    'for=203.0.113.7',
    '"203.0.113.7"',
    '203.0.113.7 198.51.100.1',
  ])('rejects %j', (hop) => {
    expect(parseForwardedHop(hop)).toBeNull()
  })
})

describe('createClientIpResolver without trusted proxies', () => {
  it('has no client IP without getConnInfo', async () => {
    expect(await resolve({}, { 'X-Forwarded-For': '203.0.113.7' })).toBeNull()
  })

  it('uses the socket address and ignores X-Forwarded-For entirely (BF-2, IN-4)', async () => {
    const getConnInfo = socket('198.51.100.20')
    for (const forged of ['203.0.113.1', '203.0.113.2, 10.0.0.1', '::1', 'garbage']) {
      expect(await resolve({ getConnInfo }, { 'X-Forwarded-For': forged, 'X-Real-IP': forged })).toBe(
        '198.51.100.20',
      )
    }
  })

  it('canonicalises the socket address', async () => {
    expect(await resolve({ getConnInfo: socket('::ffff:127.0.0.1') })).toBe('127.0.0.1')
    expect(await resolve({ getConnInfo: socket('2001:DB8:0:0:0:0:0:1') })).toBe('2001:db8::1')
    expect(await resolve({ getConnInfo: socket('fe80::1%eth0') })).toBe('fe80::1')
  })

  it('has no client IP when the runtime reports none or garbage', async () => {
    expect(await resolve({ getConnInfo: socket(undefined) })).toBeNull()
    expect(await resolve({ getConnInfo: socket('not-an-ip') })).toBeNull()
  })
})

describe('createClientIpResolver behind trusted proxies', () => {
  const behind = (peer: string) => ({ getConnInfo: socket(peer), trustedProxies: ['10.0.0.0/8', 'fd00::/8'] })

  it('takes the right-most hop that is not a trusted proxy', async () => {
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '203.0.113.7' })).toBe('203.0.113.7')
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '1.1.1.1, 203.0.113.7, 10.0.0.2' })).toBe(
      '203.0.113.7',
    )
  })

  it('never lets the client choose its address by prepending hops', async () => {
    const seen = new Set<string | null>()
    for (const forged of ['1.1.1.1', '2.2.2.2', '3.3.3.3, 4.4.4.4', '10.0.0.9']) {
      seen.add(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': `${forged}, 203.0.113.7` }))
    }
    expect([...seen]).toEqual(['203.0.113.7'])
  })

  it('ignores X-Forwarded-For when the socket peer is not a trusted proxy', async () => {
    expect(await resolve(behind('198.51.100.20'), { 'X-Forwarded-For': '203.0.113.7' })).toBe('198.51.100.20')
  })

  it('stops at the left-most trusted proxy when every hop is trusted', async () => {
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '10.0.0.3, 10.0.0.2' })).toBe('10.0.0.3')
  })

  it('falls back to the socket when the header is absent or empty', async () => {
    expect(await resolve(behind('10.0.0.1'))).toBe('10.0.0.1')
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '' })).toBe('10.0.0.1')
  })

  it('stops at the last trusted hop on a garbled hop', async () => {
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '203.0.113.7, unknown' })).toBe('10.0.0.1')
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '203.0.113.7, garbage, 10.0.0.2' })).toBe(
      '10.0.0.2',
    )
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '203.0.113.7,,' })).toBe('10.0.0.1')
  })

  it('reads hops with ports, IPv6 and IPv4-mapped addresses', async () => {
    expect(await resolve(behind('10.0.0.1'), { 'X-Forwarded-For': '203.0.113.7:4711' })).toBe('203.0.113.7')
    expect(await resolve(behind('fd00::1'), { 'X-Forwarded-For': '[2001:db8::7]:443, fd00::2' })).toBe(
      '2001:db8::7',
    )
    expect(await resolve(behind('::ffff:10.0.0.1'), { 'X-Forwarded-For': '::ffff:203.0.113.7' })).toBe(
      '203.0.113.7',
    )
  })

  it('reads several X-Forwarded-For headers as one list', async () => {
    const headers = new Headers()
    headers.append('X-Forwarded-For', '203.0.113.7')
    headers.append('X-Forwarded-For', '198.51.100.9')
    expect(await resolve(behind('10.0.0.1'), headers)).toBe('198.51.100.9')
  })

  it('trusts exact addresses as well as ranges', async () => {
    const options = { getConnInfo: socket('192.0.2.10'), trustedProxies: ['192.0.2.10'] }
    expect(await resolve(options, { 'X-Forwarded-For': '203.0.113.7' })).toBe('203.0.113.7')
  })
})

describe('createClientIpResolver options', () => {
  it('rejects a trusted proxy that is not an address or range', () => {
    expect(() =>
      createClientIpResolver({ getConnInfo: socket('10.0.0.1'), trustedProxies: ['10.0.0.0/99'] }),
    ).toThrow(/trustedProxies.*10\.0\.0\.0\/99/)
  })

  it('rejects trusted proxies without getConnInfo', () => {
    expect(() => createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] })).toThrow(/needs "getConnInfo"/)
  })

  it('rejects a getConnInfo that is not a function and a string for trustedProxies', () => {
    expect(() => createClientIpResolver({ getConnInfo: 'node' as unknown as GetConnInfo })).toThrow(TypeError)
    expect(() =>
      createClientIpResolver({
        getConnInfo: socket('10.0.0.1'),
        trustedProxies: '10.0.0.0/8' as unknown as string[],
      }),
    ).toThrow(TypeError)
  })
})
