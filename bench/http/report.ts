import type { HttpBenchResult } from './run-http-bench.js'

const number = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** The HTTP results as a markdown table, followed by the throughput ratio. */
export function httpMarkdown(result: HttpBenchResult): string {
  const { connections, pipelining, durationSeconds, warmupSeconds } = result.settings
  const lines = [
    `HTTP, ${connections} connections, pipelining ${pipelining}, ${durationSeconds} s after ${warmupSeconds} s warm-up:`,
    '',
    '| library | request | req/s (mean) | p50 ms | p99 ms | errors | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...result.targets.map(
      (t) =>
        `| ${t.name} | ${t.request} | ${number(t.requestsPerSecondMean)} | ${number(t.latencyP50Ms, 1)} | ${number(t.latencyP99Ms, 1)} | ${t.errors} | ${t.non2xx} |`,
    ),
    '',
    `Portcullis / better-auth throughput: ${number(result.ratio, 2)}×`,
  ]
  return lines.join('\n')
}
