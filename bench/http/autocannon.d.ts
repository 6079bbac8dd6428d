/** The part of autocannon 8's API the HTTP benchmark uses (the package ships no types). */
declare module 'autocannon' {
  /** Percentiles, mean and extremes of one measured quantity. */
  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p99: number
    p99_9: number
  }

  export interface Options {
    url: string
    connections?: number
    pipelining?: number
    /** Seconds. */
    duration?: number
    method?: string
    headers?: Record<string, string>
    timeout?: number
  }

  export interface Result {
    url: string
    /** Requests per second, sampled each second. */
    requests: Histogram
    /** Milliseconds. */
    latency: Histogram
    /** Bytes per second. */
    throughput: Histogram
    /** Seconds. */
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    connections: number
    pipelining: number
    statusCodeStats: Record<string, { count: number }>
  }

  export interface Instance extends PromiseLike<Result> {
    stop(): void
  }

  function autocannon(options: Options): Instance
  export default autocannon
}
