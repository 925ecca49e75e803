/**
 * Runs `work` on every item, at most `limit` at a time (files to and from a bucket: one at a time
 * is slow, all at once floods the connection pool). Stops taking new items at the first failure,
 * lets those in flight finish, and throws that failure.
 */
export const forEachConcurrently = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!
      try {
        await work(item)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure) {
    throw failure.error
  }
}
