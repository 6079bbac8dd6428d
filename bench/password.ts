/**
 * Password-hashing micro benchmark: time to hash one password (median and p95, in ms) with
 * argon2id m=19456 KiB, t=2, p=1 through @node-rs/argon2 directly, through core's native
 * (`implementation: 'auto'`) hasher and through core's portable (@noble/hashes) hasher; then
 * core's scrypt (N=2^17, r=8, p=1) and PBKDF2-SHA-256 (600,000 iterations) defaults.
 * One hash at a time, after one warm-up run per case (which also loads the native backend).
 *
 * Run from `bench/`: `npx tsx password.ts` (against core's built `dist`: build core first),
 * or `npx tsx --conditions=@portcullis/source password.ts` (against core's sources).
 * `run.ts` imports {@link runPasswordBench}.
 */
import { pathToFileURL } from 'node:url'
import { hash as nodeRsHash } from '@node-rs/argon2'
import { createPasswordHasher, type PasswordHasherOptions } from '@portcullis/core/password'

/** One measured case. */
export interface PasswordBenchResult {
  /** What ran: algorithm, parameters, implementation. */
  name: string
  /** Median time of one hash, in milliseconds. */
  medianMs: number
  /** 95th percentile (nearest rank) of one hash, in milliseconds. */
  p95Ms: number
  /** Measured runs (the warm-up run is not counted). */
  runs: number
}

const PASSWORD = 'correct horse battery staple'

/** Median and nearest-rank p95 of `samples`, in the samples' unit. */
function summarise(samples: readonly number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = sorted.length / 2
  const median = Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
    : (sorted[Math.floor(middle)] ?? 0)
  const p95 = sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? 0
  return { median, p95 }
}

async function measure(
  name: string,
  runs: number,
  hashOnce: () => Promise<unknown>,
): Promise<PasswordBenchResult> {
  await hashOnce()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await hashOnce()
    samples.push(performance.now() - started)
  }
  const { median, p95 } = summarise(samples)
  return { name, medianMs: round(median), p95Ms: round(p95), runs }
}

const round = (ms: number): number => Math.round(ms * 100) / 100

async function coreCase(
  label: string,
  options: PasswordHasherOptions,
  runs: number,
): Promise<PasswordBenchResult> {
  const hasher = createPasswordHasher(options)
  const implementation = (await hasher.implementations())[hasher.algorithm]
  return measure(`${label} — core ${options.implementation ?? 'auto'} (${implementation})`, runs, () =>
    hasher.hash(PASSWORD),
  )
}

/**
 * Runs every case one after the other, prints a markdown table and returns the figures.
 *
 * @param options - `runs` per case (default 20)
 * @returns one entry per case, in the order of the table
 */
export async function runPasswordBench(options: { runs?: number } = {}): Promise<PasswordBenchResult[]> {
  const runs = options.runs ?? 20
  const argon2 = 'argon2id m=19456 t=2 p=1'
  const results: PasswordBenchResult[] = []
  results.push(
    await measure(`${argon2} — @node-rs/argon2 directly`, runs, () =>
      nodeRsHash(PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 }),
    ),
  )
  results.push(await coreCase(argon2, { algorithm: 'argon2id', implementation: 'auto' }, runs))
  results.push(await coreCase(argon2, { algorithm: 'argon2id', implementation: 'portable' }, runs))
  results.push(await coreCase('scrypt N=2^17 r=8 p=1', { algorithm: 'scrypt', implementation: 'auto' }, runs))
  results.push(
    await coreCase('pbkdf2-sha256 i=600000', { algorithm: 'pbkdf2-sha256', implementation: 'auto' }, runs),
  )
  console.log(`\n${passwordMarkdown(results)}\n`)
  return results
}

/** The results as a markdown table. */
export function passwordMarkdown(results: readonly PasswordBenchResult[]): string {
  const rows = results.map(
    (r) => `| ${r.name} | ${r.medianMs.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${r.runs} |`,
  )
  return [
    `Password hashing, one hash at a time (Node ${process.version})`,
    '',
    '| case | median (ms) | p95 (ms) | runs |',
    '|---|---:|---:|---:|',
    ...rows,
  ].join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPasswordBench()
}
