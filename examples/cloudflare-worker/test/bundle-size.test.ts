import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without type declarations
import { BUDGET_BYTES, measureBundle } from '../../../scripts/bundle-size.mjs'

interface Measurement {
  bytes: number
  gzipBytes: number
  contributors: { name: string; bytes: number }[]
}

const entry = new URL('../bench/budget-entry.ts', import.meta.url).pathname

/**
 * The highest gzipped size accepted today: the figure measured when this test was written
 * (205.0 kB, 2026-12-04), rounded up. Lower it whenever the bundle shrinks; never raise it
 * without saying why in the commit.
 */
const RATCHET_BYTES = 206_000

describe('bundle budget: a Worker entry with core (password, sessions, JWT, TOTP), minified + gzip', () => {
  let measured: Measurement | undefined
  const measure = async (): Promise<Measurement> => {
    measured ??= (await measureBundle(entry)) as Measurement
    return measured
  }

  it('bundles and grows no further than the ratchet', async () => {
    const { gzipBytes, contributors } = await measure()
    console.log(
      `worker entry: ${(gzipBytes / 1000).toFixed(1)} kB gzip; largest: ${contributors
        .slice(0, 4)
        .map((c) => `${c.name} ${(c.bytes / 1000).toFixed(1)} kB`)
        .join(', ')}`,
    )
    expect(gzipBytes).toBeGreaterThan(10_000)
    expect(gzipBytes).toBeLessThanOrEqual(RATCHET_BYTES)
  })

  // Known failure: core is over the 50 kB budget (zod's `z` namespace with every locale, the
  // bundled 10,000-password blocklist). `it.fails` turns red the day the budget is met, so this
  // becomes a plain `it` then and CI enforces the budget from that day on.
  it.fails(`stays under ${BUDGET_BYTES / 1000} kB gzip (the issue's budget)`, async () => {
    const { gzipBytes } = await measure()
    expect(gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES)
  })
})
