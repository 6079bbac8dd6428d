import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The Bun binary the `bun` devDependency installed (`node_modules/bun/bin/bun.exe`, the real
 * executable on every platform; `.bin/bun` is only pnpm's shell shim), or null when the package
 * or its platform binary is missing.
 */
export function findBunBinary(): string | null {
  try {
    const packageJson = createRequire(import.meta.url).resolve('bun/package.json')
    const binary = join(dirname(packageJson), 'bin', 'bun.exe')
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

/**
 * Whether the Bun tests run: always on CI (`CI=true`, where a missing binary must fail), else
 * only when the binary is there. The skip reason is the test's one-line title.
 */
export const bunBinary = findBunBinary()
export const runBunTests = bunBinary !== null || process.env.CI === 'true'
export const SKIP_REASON =
  'Bun binary missing (node_modules/bun/bin/bun.exe): run pnpm install to test under Bun'
