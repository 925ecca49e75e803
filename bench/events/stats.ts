import { percentile } from '../certificates/stats'

export type Summary = { count: number; meanMs: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }

const round2 = (value: number) => Math.round(value * 100) / 100

export const summarize = (samples: number[]): Summary => ({
  count: samples.length,
  meanMs: round2(samples.reduce((sum, value) => sum + value, 0) / Math.max(1, samples.length)),
  p50Ms: round2(percentile(samples, 50)),
  p95Ms: round2(percentile(samples, 95)),
  p99Ms: round2(percentile(samples, 99)),
  maxMs: round2(samples.length ? Math.max(...samples) : 0),
})

/** How much slower `a` is than `b`, in percent (negative: faster). */
export const overheadPercent = (a: number, b: number): number => Math.round((a / b - 1) * 1000) / 10

export { percentile }
