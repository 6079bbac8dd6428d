import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { authHandler } from '../src/auth-handler.js'
import { canonicalIp, createClientIpResolver } from '../src/client-ip.js'
import { routedPath } from '../src/request-path.js'
import { testAuth } from './helpers.js'

describe('canonicalIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:C000:0201', '192.0.2.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
  ])('%s → %s', (input, output) => {
    expect(canonicalIp(input)).toBe(output)
  })

  it.each(['', 'unknown', '010.0.0.1', '192.0.2.1:80', '[::1]', ' 192.0.2.1'])('refuses %j', (input) => {
    expect(canonicalIp(input)).toBeUndefined()
  })

  it('has nothing for an absent address', () => {
    expect(canonicalIp(undefined)).toBeUndefined()
  })
})

describe('createClientIpResolver', () => {
  it('refuses a trustProxy that is not a boolean, at construction', () => {
    expect(() => createClientIpResolver({ trustProxy: 'loopback' as unknown as boolean })).toThrow(TypeError)
    expect(() => authHandler(testAuth(), { trustProxy: 1 as unknown as boolean })).toThrow(/trustProxy/)
    expect(() => authHandler(testAuth(), { origin: 'ftp://x' })).toThrow(/origin/)
    expect(() => authHandler({} as never)).toThrow(/createAuth/)
  })

  it('turns the IPv4-mapped socket address of a dual-stack server into IPv4, and honours trust proxy settings', async () => {
    const app = express()
    const clientIp = createClientIpResolver()
    const socketOnly = createClientIpResolver({ trustProxy: false })
    app.get('/ip', (req, res) => {
      res.json({ ip: clientIp(req), socket: socketOnly(req), raw: req.socket.remoteAddress })
    })
    const server = app.listen(0, '::')
    try {
      await once(server, 'listening')
      const { port } = server.address() as AddressInfo
      const url = `http://127.0.0.1:${port}/ip`
      const headers = { 'X-Forwarded-For': '203.0.113.5' }

      expect(await (await fetch(url, { headers })).json()).toEqual({
        ip: '127.0.0.1',
        socket: '127.0.0.1',
        raw: '::ffff:127.0.0.1',
      })
      app.set('trust proxy', ['loopback'])
      expect(await (await fetch(url, { headers })).json()).toMatchObject({
        ip: '203.0.113.5',
        socket: '127.0.0.1',
      })
      app.set('trust proxy', ['10.0.0.0/8'])
      expect(await (await fetch(url, { headers })).json()).toMatchObject({ ip: '127.0.0.1' })
      app.set('trust proxy', false)
      expect(await (await fetch(url, { headers })).json()).toMatchObject({ ip: '127.0.0.1' })
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})

describe('routedPath', () => {
  it.each([
    ['/', '/'],
    ['/api/health', '/api/health'],
    ['/api/health/', '/api/health'],
    ['/api/health?x=/y', '/api/health'],
    ['//api/./x/../y', '//api/./x/../y'],
    ['/a%2Fb', '/a%2Fb'],
  ])('%s → %s', (input, output) => {
    expect(routedPath(input)).toBe(output)
  })
})
