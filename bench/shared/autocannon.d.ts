/** The part of autocannon's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  type RequestParams = { method?: string; path?: string; headers?: Record<string, string> }

  type Options = {
    url: string
    connections?: number
    duration?: number
    timeout?: number
    pipelining?: number
    requests?: (RequestParams & { setupRequest?: (request: RequestParams) => RequestParams })[]
  }

  type Histogram = { average: number; mean: number; stddev: number; min: number; max: number } & Record<`p${string}`, number>

  type Result = {
    latency: Histogram
    requests: Histogram & { total: number }
    throughput: Histogram & { total: number }
    errors: number
    timeouts: number
    non2xx: number
    duration: number
    statusCodeStats: Record<string, { count: number }>
  }

  const autocannon: (options: Options) => Promise<Result>
  export = autocannon
}
