#!/usr/bin/env node
// Bundle budget: bundles a Cloudflare Worker entry that uses @portcullis/core with password
// hashing, sessions, JWT and TOTP (examples/cloudflare-worker/bench/budget-entry.ts), the way
// wrangler does (esbuild, ESM, conditions workerd/worker/browser, minified), gzips it, and fails
// above the budget. Prints the figure and the largest contributors from esbuild's metafile.
//
//   node scripts/bundle-size.mjs [--json] [--better-auth]
//
// --better-auth also measures better-auth's minimal entry (bench/ has it installed) the same way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** The budget, in gzipped bytes (50 kB). */
export const BUDGET_BYTES = 50 * 1000

const root = fileURLToPath(new URL('..', import.meta.url))
const portcullisEntry = join(root, 'examples/cloudflare-worker/bench/budget-entry.ts')
// esbuild is a devDependency of the example (the root package.json stays as it is).
const { build } = createRequire(join(root, 'examples/cloudflare-worker/package.json'))('esbuild')

/**
 * Bundles `entry` like wrangler (platform browser, ESM, conditions workerd/worker/browser plus
 * the workspace's source condition), minified.
 *
 * @param {string} entry - the entry file
 * @param {{ external?: string[] }} [options]
 * @returns {Promise<{ bytes: number, gzipBytes: number, contributors: { name: string, bytes: number }[], inputs: string[] }>}
 *   `inputs`: the files with code in the bundle (paths as esbuild's metafile gives them)
 */
export async function measureBundle(entry, options = {}) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@portcullis/source', 'workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    external: options.external ?? [],
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const code = result.outputFiles[0].contents
  const output = Object.values(result.metafile.outputs)[0]
  const byPackage = new Map()
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = contributorName(file)
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
  }
  const contributors = [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
  return {
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    contributors,
    inputs: Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([file]) => file),
  }
}

/** `node_modules/.pnpm/x/node_modules/@scope/pkg/file.js` → `@scope/pkg`; workspace sources by folder. */
function contributorName(file) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(file)
  if (match) return match[1]
  const path = relative(root, join(root, file))
  const core = /^packages\/core\/src\/([^/]+)/.exec(path)
  if (core) return `@portcullis/core/${core[1]}`
  const pkg = /^packages\/([^/]+)\//.exec(path)
  return pkg ? `@portcullis/${pkg[1]}` : path
}

/** Measures better-auth's minimal Worker entry (email and password, memory adapter). */
export async function measureBetterAuth() {
  const dir = mkdtempSync(join(root, 'bench', '.bundle-size-'))
  try {
    const entry = join(dir, 'better-auth-entry.ts')
    writeFileSync(
      entry,
      `import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
const db = { user: [], session: [], account: [], verification: [] }
export default {
  fetch(request: Request, env: { AUTH_SECRET: string; APP_ORIGIN: string }) {
    const auth = betterAuth({ database: memoryAdapter(db), secret: env.AUTH_SECRET, baseURL: env.APP_ORIGIN, emailAndPassword: { enabled: true } })
    return auth.handler(request)
  },
}
`,
    )
    // Node built-ins are left out (Workers provide them with nodejs_compat), as wrangler would.
    return await measureBundle(entry, { external: ['node:*'] })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`

async function main() {
  const args = new Set(process.argv.slice(2))
  const portcullis = await measureBundle(portcullisEntry)
  const betterAuth = args.has('--better-auth') ? await measureBetterAuth() : undefined
  if (args.has('--json')) {
    console.log(JSON.stringify({ budgetBytes: BUDGET_BYTES, portcullis, betterAuth }))
  } else {
    console.log(
      `portcullis Worker entry (core: password, sessions, JWT, TOTP): ${kB(portcullis.gzipBytes)} gzip, ${kB(portcullis.bytes)} minified (budget ${kB(BUDGET_BYTES)} gzip)`,
    )
    console.log('largest contributors (minified bytes in the bundle):')
    for (const { name, bytes } of portcullis.contributors.slice(0, 12))
      console.log(`  ${kB(bytes).padStart(9)}  ${name}`)
    if (betterAuth)
      console.log(
        `better-auth minimal entry (email + password, memory adapter): ${kB(betterAuth.gzipBytes)} gzip, ${kB(betterAuth.bytes)} minified`,
      )
  }
  if (portcullis.gzipBytes > BUDGET_BYTES) {
    console.error(`over budget: ${kB(portcullis.gzipBytes)} gzip > ${kB(BUDGET_BYTES)}`)
    process.exitCode = 1
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
