/**
 * `pnpm bench`: the password-hashing micro benchmark (`./password.ts`) and the HTTP load
 * benchmark (`./http`), in one run; results go to stdout as markdown and to
 * `results/latest.json`.
 *
 * Usage: `tsx run.ts [password|http|jwt] [--duration=10] [--warmup=2] [--connections=50]`
 */
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { parseArgs } from 'node:util'
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
  },
})

const suites = new Set(positionals.length > 0 ? positionals : ['password', 'http', 'jwt'])
for (const suite of suites) {
  if (suite !== 'password' && suite !== 'http' && suite !== 'jwt')
    throw new Error(`unknown suite "${suite}": use password, http or jwt`)
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

const out = new URL('./results/latest.json', import.meta.url)
await mkdir(new URL('.', out), { recursive: true })
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`)
console.log(`results written to bench/results/latest.json`)
