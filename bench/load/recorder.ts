import { percentile } from '../certificates/stats'

export type StepSummary = {
  step: string
  count: number
  perSecond: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  errors: number
  /** Errors by kind (`status 409`, `ECONNRESET`, `wrong answer`), and a few of their bodies. */
  errorKinds: Record<string, number>
  errorSamples: string[]
}

const SAMPLES_PER_KIND = 2

const round1 = (value: number) => Math.round(value * 10) / 10

/**
 * Latencies and errors per step, of the requests sent while measuring (ramp-up and warm-up are
 * not counted; a request sent just before the end is, however long it takes). Every answer is
 * kept, so percentiles are exact, not from a histogram.
 */
export const createRecorder = (steps: readonly string[]) => {
  const latencies = new Map<string, number[]>(steps.map((step) => [step, []]))
  const errors = new Map<string, { kinds: Record<string, number>; samples: string[] }>(steps.map((step) => [step, { kinds: {}, samples: [] }]))
  let measuring = false
  let since = 0
  let until = 0
  return {
    start: () => {
      measuring = true
      since = Date.now()
    },
    stop: () => {
      measuring = false
      until = Date.now()
    },
    get measuring() {
      return measuring
    },
    /** For a request sent while `measuring`; `problem` set: an error of that kind (its latency is still counted). */
    record: (step: string, ms: number, problem?: { kind: string; sample: string }) => {
      latencies.get(step)!.push(ms)
      if (problem) {
        const entry = errors.get(step)!
        const seen = entry.kinds[problem.kind] ?? 0
        entry.kinds[problem.kind] = seen + 1
        if (seen < SAMPLES_PER_KIND) {
          entry.samples.push(`${problem.kind}: ${problem.sample.slice(0, 300)}`)
        }
      }
    },
    summary: (): { seconds: number; requestsPerSecond: number; steps: StepSummary[] } => {
      const seconds = Math.max(0.001, ((until || Date.now()) - since) / 1000)
      const rows = steps.map((step): StepSummary => {
        const samples = latencies.get(step)!
        const { kinds, samples: errorSamples } = errors.get(step)!
        return {
          step,
          count: samples.length,
          perSecond: round1(samples.length / seconds),
          p50Ms: round1(percentile(samples, 50)),
          p90Ms: round1(percentile(samples, 90)),
          p99Ms: round1(percentile(samples, 99)),
          maxMs: round1(samples.reduce((max, value) => Math.max(max, value), 0)),
          errors: Object.values(kinds).reduce((sum, n) => sum + n, 0),
          errorKinds: kinds,
          errorSamples,
        }
      })
      return { seconds: round1(seconds), requestsPerSecond: round1(rows.reduce((sum, row) => sum + row.count, 0) / seconds), steps: rows }
    },
  }
}

export type Recorder = ReturnType<typeof createRecorder>
