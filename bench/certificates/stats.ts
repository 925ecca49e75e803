/** The nearest-rank percentile of `samples` (0 when there are none). */
export const percentile = (samples: number[], p: number): number => {
  if (samples.length === 0) {
    return 0
  }
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
