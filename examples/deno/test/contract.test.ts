import { describeHttpContract } from '@portcullis/contract-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DenoExample, denoBinary, freePort, startDenoExample } from './deno-process.js'

const deno = denoBinary()
const ci = process.env.CI === 'true'

if (!deno && !ci) {
  describe.skip('examples/deno: the Deno binary is missing (pnpm install), skipped outside CI', () => {
    it('runs the contract on Deno', () => undefined)
  })
} else {
  if (!deno) throw new Error('examples/deno: node_modules/.bin/deno is missing and CI=true: run pnpm install')

  describeHttpContract('Deno.serve on Deno 2', async () => {
    const port = await freePort()
    const origin = `http://localhost:${port}`
    const server = await startDenoExample(deno, { PORT: String(port), HOST: '127.0.0.1', APP_ORIGIN: origin })
    console.log(`deno example: listening ${Math.round(server.startMs)} ms after spawn`)
    return { baseUrl: server.url, origin, close: async () => void (await server.stop()) }
  })

  describe('examples/deno as a process', () => {
    let server: DenoExample
    beforeAll(async () => {
      const port = await freePort()
      server = await startDenoExample(deno, {
        PORT: String(port),
        APP_ORIGIN: `http://localhost:${port}`,
        SMTP_URL: 'smtp://mail.example:25',
      })
    }, 60_000)
    afterAll(async () => {
      await server?.stop()
    })

    it('logs its storage and serves the JSON index and a JSON 404 outside /auth', async () => {
      expect(server.stdout).toContain('storage: memory (lost on restart)')
      expect(server.stdout.some((line) => line.startsWith('SMTP_URL'))).toBe(false)
      const index = await fetch(`${server.url}/`)
      expect(index.status).toBe(200)
      expect(await index.json()).toMatchObject({ runtime: 'Deno 2.9.6', contract: '/auth/*' })
      const missing = await fetch(`${server.url}/nothing`)
      expect(missing.status).toBe(404)
      expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'not found' } })
    })

    it('exits 0 on SIGTERM', async () => {
      expect(await server.stop()).toBe(0)
      expect(server.stdout).toContain('SIGTERM received, closing')
    })
  })

  describe('examples/deno refuses bad settings with one line', () => {
    it('exits 1 when DATABASE_URL is not a PostgreSQL URL', async () => {
      await expect(startDenoExample(deno, { DATABASE_URL: 'mysql://db.example/app' })).rejects.toThrow(
        /deno exited with 1:\nDATABASE_URL must start with postgres: or postgresql:\/\//,
      )
    })

    it('exits 1 in production with an http origin', async () => {
      await expect(
        startDenoExample(deno, { NODE_ENV: 'production', APP_ORIGIN: 'http://localhost:8787', PORT: '0' }),
      ).rejects.toThrow(/production needs https/)
    })
  })
}
