import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Work handed in one item at a time and done in batches: while a batch runs, what arrives
 * waits for the next one, which takes all of it (up to `max`). An item that comes alone is a
 * batch of one and waits for nothing; under load the batches grow with the load, and what a
 * batch costs once (a transaction, its commit, one statement per table) is shared. Each caller
 * gets its own item's result, or the batch's error. A batch runs in its first item's async
 * context (the request it came with, for log lines and request ids), not in that of whichever
 * caller happened to start the loop.
 */
export const groupCommit = <T, R>(run: (items: T[]) => Promise<R[]>, { max = 64 }: { max?: number } = {}): ((item: T) => Promise<R>) => {
  const waiting: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void; context: <F>(work: () => F) => F }[] = []
  let running = false
  const drain = async (): Promise<void> => {
    running = true
    while (waiting.length > 0) {
      const batch = waiting.splice(0, max)
      try {
        const results = await batch[0]!.context(() => run(batch.map((w) => w.item)))
        batch.forEach((w, i) => w.resolve(results[i]!))
      } catch (error) {
        for (const w of batch) {
          w.reject(error)
        }
      }
    }
    running = false
  }
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject, context: AsyncLocalStorage.snapshot() })
      if (!running) {
        void drain()
      }
    })
}
