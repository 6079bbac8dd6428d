/**
 * `pnpm bench`: the password-hashing micro benchmark (`./password.ts`) and the HTTP load
 * benchmark (`./http`), in one run; results go to stdout as markdown and to
 * `results/latest.json`.
 *
 * Usage: `tsx run.ts [password|http] [--duration=10] [--warmup=2] [--connections=50]`
 */
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { httpMarkdown } from './http/report.js'
import { type HttpBenchResult, runHttpBench } from './http/run-http-bench.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
  },
})

const suites = new Set(positionals.length > 0 ? positionals : ['password', 'http'])
for (const suite of suites) {
  if (suite !== 'password' && suite !== 'http')
    throw new Error(`unknown suite "${suite}": use password or http`)
}

const positive = (name: string, text: string): number => {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number, got "${text}"`)
  return value
}

/** Runs `runPasswordBench()` from `./password.ts`, or says clearly why it cannot. */
async function passwordSuite(): Promise<unknown> {
  const file = new URL('./password.ts', import.meta.url)
  if (!existsSync(file)) {
    console.log('password benchmark skipped: bench/password.ts does not exist in this checkout\n')
    return { skipped: 'bench/password.ts does not exist' }
  }
  // A computed specifier: this file type-checks whether or not password.ts is there yet.
  const module = (await import(file.href)) as { runPasswordBench?: () => unknown }
  if (typeof module.runPasswordBench !== 'function') {
    throw new Error('bench/password.ts does not export runPasswordBench()')
  }
  return await module.runPasswordBench()
}

const results: {
  date: string
  environment: Record<string, string | number>
  password?: unknown
  http?: HttpBenchResult
} = {
  date: new Date().toISOString(),
  environment: {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
  },
}

if (suites.has('password')) results.password = await passwordSuite()

if (suites.has('http')) {
  results.http = await runHttpBench({
    connections: positive('connections', values.connections),
    pipelining: 1,
    warmupSeconds: positive('warmup', values.warmup),
    durationSeconds: positive('duration', values.duration),
  })
  console.log(`\n${httpMarkdown(results.http)}\n`)
}

const out = new URL('./results/latest.json', import.meta.url)
await mkdir(new URL('.', out), { recursive: true })
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`)
console.log(`results written to bench/results/latest.json`)
