import type { ColdStartBenchResult } from './run-cold-start-bench.js'

/** The cold-start results as a markdown table, one row per target. */
export function coldStartMarkdown(result: ColdStartBenchResult): string {
  return [
    `Cold start, spawn of a fresh process to the first answer of its auth endpoint, ${result.runs} runs each:`,
    '',
    '| target | started as | store | first request | status | median ms | p90 ms | listening (median) ms |',
    '|---|---|---|---|---:|---:|---:|---:|',
    ...result.targets.map(
      (t) =>
        `| ${t.name} | ${t.command} | ${t.store} | ${t.request} | ${t.status} | ${t.medianMs.toFixed(0)} | ${t.p90Ms.toFixed(0)} | ${t.listeningMedianMs.toFixed(0)} |`,
    ),
  ].join('\n')
}
