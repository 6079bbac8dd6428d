import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exampleDir, findWrangler } from './worker-process.js'

const runtime = findWrangler()
const skip = !runtime.ok && process.env.CI !== 'true'
if (skip) console.log(`skipping core's tests in workerd: ${runtime.ok ? '' : runtime.reason}`)

interface JsonReport {
  numTotalTests: number
  numPassedTests: number
  numFailedTests: number
  testResults: { name: string; status: string }[]
}

describe.skipIf(skip)("core's unit tests inside workerd (@cloudflare/vitest-plugin)", () => {
  it('pass, and really run in workerd', () => {
    if (!runtime.ok) throw new Error(runtime.reason)
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-workerd-tests-'))
    try {
      const report = join(dir, 'report.json')
      const vitest = join(exampleDir, '../../node_modules/vitest/vitest.mjs')
      const run = spawnSync(
        runtime.node,
        [vitest, 'run', '--config', 'vitest.workerd.config.ts', '--reporter=json', `--outputFile=${report}`],
        {
          cwd: exampleDir,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? dir,
            CI: 'true',
          },
          encoding: 'utf8',
          timeout: 470_000,
        },
      )
      const result = JSON.parse(readFileSync(report, 'utf8')) as JsonReport
      const failed = result.testResults.filter((file) => file.status !== 'passed').map((file) => file.name)
      expect(failed, run.stderr.slice(-2000)).toEqual([])
      expect(result.testResults.some((file) => file.name.endsWith('test-workerd/runtime.test.ts'))).toBe(true)
      // Every file of core's suite that vitest.workerd.config.ts includes (59 files, 851 tests when written).
      expect(result.testResults.length).toBeGreaterThan(50)
      expect(result.numPassedTests).toBeGreaterThan(800)
      expect(run.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 480_000)
})
