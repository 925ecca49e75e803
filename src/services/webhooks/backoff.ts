/**
 * Seconds to wait before each retry: quick at first (a receiver restarting), then spread over
 * about three days so a receiver that is down for a weekend still gets its events.
 */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600]

/** The first attempt plus one per retry. */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1

/** Each delay moves by up to this share either way, so retries after an outage do not all arrive at once. */
export const JITTER = 0.2

/**
 * How long to wait after attempt `attemptNumber` (1 for the first) failed, in whole seconds,
 * or null when that was the last attempt. `random` returns a number in [0, 1).
 */
export const retryDelaySeconds = (attemptNumber: number, random: () => number = Math.random): number | null => {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`Attempts are counted from 1, not ${attemptNumber}.`)
  }
  const base = RETRY_SCHEDULE_SECONDS[attemptNumber - 1]
  if (base === undefined) {
    return null
  }
  return Math.round(base * (1 + JITTER * (2 * random() - 1)))
}
