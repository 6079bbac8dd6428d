import autocannon, { type Result } from 'autocannon'

/** Load settings shared by every target of one run. */
export interface LoadSettings {
  connections: number
  pipelining: number
  /** Seconds of warm-up, discarded. */
  warmupSeconds: number
  /** Seconds measured. */
  durationSeconds: number
}

/** What one measured run gives. */
export interface LoadFigures {
  requestsPerSecondMean: number
  requestsTotal: number
  latencyMeanMs: number
  latencyP50Ms: number
  latencyP99Ms: number
  errors: number
  timeouts: number
  non2xx: number
  durationSeconds: number
}

function figures(result: Result): LoadFigures {
  return {
    requestsPerSecondMean: result.requests.average,
    requestsTotal: result.requests.total,
    latencyMeanMs: result.latency.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    durationSeconds: result.duration,
  }
}

/** Warms `url` up, then measures it with the same connections and headers. */
export async function measure(
  url: string,
  headers: Record<string, string>,
  settings: LoadSettings,
): Promise<LoadFigures> {
  const common = {
    url,
    headers,
    method: 'GET',
    connections: settings.connections,
    pipelining: settings.pipelining,
  }
  if (settings.warmupSeconds > 0) await autocannon({ ...common, duration: settings.warmupSeconds })
  return figures(await autocannon({ ...common, duration: settings.durationSeconds }))
}
