/** Median (mean of the two middle values for an even count) and nearest-rank 90th percentile. */
export function medianAndP90(samples: readonly number[]): { median: number; p90: number } {
  if (samples.length === 0) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = (sorted.length - 1) / 2
  const median = (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2
  const p90 = sorted[Math.max(0, Math.ceil(sorted.length * 0.9) - 1)]!
  return { median, p90 }
}
