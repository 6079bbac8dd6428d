import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bunBinary, runBunTests, SKIP_REASON } from './bun-binary.js'
import { runBun } from './run-bun.js'

const coreDir = fileURLToPath(new URL('../../core', import.meta.url))

/**
 * Core tests whose expectations are Node's, each with the only failure Bun may give it: under
 * Bun, argon2id runs on `Bun.password`, which picks a 32-byte salt (Node's engines: 16). Any
 * other failure, or one of these failing otherwise, fails this test. Once core's tests branch on
 * the runtime they pass and this list can go.
 */
const NODE_ONLY: Record<string, RegExp> = {
  'createPasswordHasher: hash and verify > argon2id: 16-byte random salt, 32-byte hash, two hashes differ':
    /Expected: 16\s+Received: 32/,
  'createPasswordHasher: hash and verify > hashes with the production defaults: argon2id m=19456 KiB, t=2, p=1':
    /Received: "\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{43}\$[A-Za-z0-9+/]{43}"/,
  'createPasswordHasher: interoperability > uses the native backends under Node when available (auto)':
    /\+ {3}"argon2id": "Bun\.password"/,
}

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
    it('pass under `bun test` (vitest imports served by Bun’s runner), but for Bun.password’s salt', {
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
      const failed = failures(run.output)
      for (const [name, error] of failed) {
        const expected = NODE_ONLY[name]
        expect(expected, `unexpected failure under Bun: ${name}\n${error.slice(-2000)}`).toBeDefined()
        expect(error, name).toMatch(expected!)
      }
      expect(run.output).toMatch(new RegExp(`\\n ${Number(summary![1]) - failed.size} pass\\n`))
      expect(run.code).toBe(failed.size === 0 ? 0 : 1)
    })
  })
