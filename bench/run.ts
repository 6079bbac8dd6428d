/**
 * `pnpm bench`: the password-hashing micro benchmark (`./password.ts`) and the HTTP load
 * benchmark (`./http`), in one run; results go to stdout as markdown and to
 * `results/latest.json`.
 *
 * Usage: `tsx run.ts [password|http|jwt|cold] [--duration=10] [--warmup=2] [--connections=50] [--cold-runs=10]`
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { coldStartMarkdown } from './cold-start/report.js'
import { type ColdStartBenchResult, runColdStartBench } from './cold-start/run-cold-start-bench.js'
import { assertBuilt } from './http/assert-built.js'
import { httpMarkdown } from './http/report.js'
import { type HttpBenchResult, runHttpBench } from './http/run-http-bench.js'
import { type JwtBenchResult, runJwtBench } from './http/run-jwt-bench.js'
import type { PasswordBenchResult } from './password.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    'cold-runs': { type: 'string', default: '10' },
  },
})

const suites = new Set(positionals.length > 0 ? positionals : ['password', 'http', 'jwt', 'cold'])
for (const suite of suites) {
  if (suite !== 'password' && suite !== 'http' && suite !== 'jwt' && suite !== 'cold')
    throw new Error(`unknown suite "${suite}": use password, http, jwt or cold`)
}

const positive = (name: string, text: string): number => {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number, got "${text}"`)
  return value
}

const results: {
  date: string
  environment: Record<string, string | number>
  password?: PasswordBenchResult[]
  http?: HttpBenchResult
  jwt?: JwtBenchResult
  coldStart?: ColdStartBenchResult
} = {
  date: new Date().toISOString(),
  environment: {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
  },
}

assertBuilt()
if (suites.has('password')) {
  // Loaded after the build check: it imports @portcullis/core/password.
  const { runPasswordBench } = await import('./password.js')
  results.password = await runPasswordBench()
}

if (suites.has('http')) {
  results.http = await runHttpBench({
    connections: positive('connections', values.connections),
    pipelining: 1,
    warmupSeconds: positive('warmup', values.warmup),
    durationSeconds: positive('duration', values.duration),
  })
  console.log(`\n${httpMarkdown(results.http)}\n`)
}

if (suites.has('jwt')) {
  results.jwt = await runJwtBench({
    connections: positive('connections', values.connections),
    pipelining: 1,
    warmupSeconds: positive('warmup', values.warmup),
    durationSeconds: positive('duration', values.duration),
  })
  console.log('\nBearer JWT, same app and token, 50 connections:\n')
  console.log('| target | request | req/s (mean) | p50 ms | p99 ms |\n|---|---|---:|---:|---:|')
  for (const t of results.jwt.targets)
    console.log(
      `| ${t.name} | ${t.request} | ${Math.round(t.requestsPerSecondMean)} | ${t.latencyP50Ms} | ${t.latencyP99Ms} |`,
    )
  console.log(`\nPortcullis / hono/jwt throughput: ${results.jwt.ratio.toFixed(2)}×\n`)
}

if (suites.has('cold')) {
  const runs = positive('cold-runs', values['cold-runs'])
  if (runs < 1) throw new Error('--cold-runs must be at least 1')
  results.coldStart = await runColdStartBench(runs)
  console.log(`\n${coldStartMarkdown(results.coldStart)}\n`)
}

const out = new URL('./results/latest.json', import.meta.url)
await mkdir(new URL('.', out), { recursive: true })
// A run of some suites only (`tsx run.ts cold`) replaces those and keeps the others' last
// figures, and the date of the run that measured them (the cold-start section has its own date).
const previous = positionals.length > 0 ? await readPrevious(out) : {}
const merged = { ...previous, ...results, date: previous.date ?? results.date }
await writeFile(out, `${JSON.stringify(merged, null, 2)}\n`)
console.log(`results written to bench/results/latest.json`)

async function readPrevious(file: URL): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  } catch {
    return {}
  }
}
