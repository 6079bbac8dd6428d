import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bunBinary, runBunTests, SKIP_REASON } from './bun-binary.js'
import { runBun } from './run-bun.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

if (!runBunTests) it.skip(SKIP_REASON, () => {})
else
  describe('@portcullis/bun under the Bun binary', () => {
    it('passes `bun test test/bun` (real Bun.serve, real sockets, Bun.password)', async () => {
      expect(bunBinary, SKIP_REASON).not.toBeNull()
      const run = await runBun(
        bunBinary!,
        ['test', '--conditions=@portcullis/source', './test/bun'],
        packageDir,
        60_000,
      )
      expect(run.output).toMatch(/\n 0 fail\n/)
      expect(run.output).toMatch(/Ran \d+ tests across 1 file/)
      expect(run.output).toContain('(pass) the runtime > core hashes with Bun.password')
      expect(run.code, run.output).toBe(0)
    })
  })
