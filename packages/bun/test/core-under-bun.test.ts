import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bunBinary, runBunTests, SKIP_REASON } from './bun-binary.js'
import { runBun } from './run-bun.js'

const coreDir = fileURLToPath(new URL('../../core', import.meta.url))

function coreTestFiles(dir: string): number {
  let count = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) count += coreTestFiles(`${dir}/${entry.name}`)
    else if (entry.name.endsWith('.test.ts')) count++
  }
  return count
}

/** Each failed test of bun's console report, by name, with the output just before it (the error). */
function failures(output: string): Map<string, string> {
  const found = new Map<string, string>()
  let previous = 0
  for (const match of output.matchAll(/^\(fail\) (.+?)(?: \[[\d.]+m?s\])?$/gm)) {
    if (!found.has(match[1]!)) found.set(match[1]!, output.slice(previous, match.index))
    previous = match.index! + match[0].length
  }
  return found
}

if (!runBunTests) it.skip(SKIP_REASON, () => {})
else
  describe('core’s own unit tests under the Bun binary', () => {
    it('pass under `bun test` (vitest imports served by Bun’s runner)', {
      timeout: 120_000,
    }, async () => {
      expect(bunBinary, SKIP_REASON).not.toBeNull()
      const run = await runBun(
        bunBinary!,
        ['test', '--conditions=@portcullis/source', './test'],
        coreDir,
        110_000,
      )
      const summary = /Ran (\d+) tests across (\d+) files?\./.exec(run.output)
      expect(summary, run.output.slice(-4000)).not.toBeNull()
      // Every test file of core ran (none refused to load under Bun), and not a handful of tests.
      expect(Number(summary![2])).toBe(coreTestFiles(`${coreDir}/test`))
      expect(Number(summary![1])).toBeGreaterThan(1000)
      const failed = [...failures(run.output)].map(([name, error]) => `${name}\n${error.slice(-1500)}`)
      expect(failed, 'core tests failing under Bun').toEqual([])
      expect(run.output).toMatch(new RegExp(`\\n ${Number(summary![1])} pass\\n`))
      expect(run.code).toBe(0)
    })
  })
