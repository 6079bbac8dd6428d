import type { HttpBenchResult } from './run-http-bench.js'

const number = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** The HTTP results as a markdown table, one row per store and library, with the throughput ratio per store. */
export function httpMarkdown(result: HttpBenchResult): string {
  const { connections, pipelining, durationSeconds, warmupSeconds } = result.settings
  const lines = [
    `HTTP, ${connections} connections, pipelining ${pipelining}, ${durationSeconds} s after ${warmupSeconds} s warm-up:`,
    '',
    '| store | library | request | req/s (mean) | p50 ms | p99 ms | errors | non-2xx | ratio |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...result.stores.flatMap((s) =>
      s.targets.map(
        (t, i) =>
          `| ${s.store} | ${t.name} | ${t.request} | ${number(t.requestsPerSecondMean)} | ${number(t.latencyP50Ms, 1)} | ${number(t.latencyP99Ms, 1)} | ${t.errors} | ${t.non2xx} | ${i === 0 ? `${number(s.ratio, 2)}×` : ''} |`,
      ),
    ),
    ...result.skipped.map((reason) => `\nNot measured: ${reason}`),
  ]
  return lines.join('\n')
}
