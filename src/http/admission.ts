/**
 * Admission control for one process. A Node process answers one thing at a time: past a few
 * dozen requests in flight, more of them only share the CPU and the database pool more thinly,
 * every answer slows, transactions hold their connections across longer event-loop turns and
 * queries start failing on the pool's connection timeout. So at most `maxInFlight` requests run;
 * the next `maxQueued` wait their turn in arrival order, each for at most `queueTimeoutMs`; the
 * rest are refused at once, and the server answers them 503 with `Retry-After` (see
 * src/server/startServer.ts), which clients and load balancers understand, instead of a 500
 * (or worse, an answer made as if the person were not signed in) many seconds later.
 * A request holds its place until its answer is finished: a long-lived answer (a stream) would
 * hold one for as long as it lasts, and belongs in `bypassesAdmission` or on a bound of its own.
 */
export type AdmissionLimits = { maxInFlight: number; maxQueued: number; queueTimeoutMs: number }

export type Refusal = 'queue-full' | 'waited-too-long'

export type Entry = {
  /** Runs once the request may go on; it must call `release` exactly when it is answered (or abandoned). */
  admitted: (release: () => void) => void
  refused: (why: Refusal) => void
}

type Waiter = { entry: Entry; timer: ReturnType<typeof setTimeout> }

export type AdmissionGate = {
  /** Admits, queues or refuses; the answer withdraws a request still waiting (its client went away). */
  enter: (entry: Entry) => { withdraw: () => void }
  counts: () => { inFlight: number; queued: number }
}

export const admissionGate = ({ maxInFlight, maxQueued, queueTimeoutMs }: AdmissionLimits): AdmissionGate => {
  let inFlight = 0
  // A Set iterates in insertion order: the queue, with removal from the middle in O(1).
  const waiting = new Set<Waiter>()

  const start = (entry: Entry): void => {
    inFlight += 1
    let released = false
    entry.admitted(() => {
      if (released) {
        return
      }
      released = true
      inFlight -= 1
      admitWaiting()
    })
  }

  const admitWaiting = (): void => {
    for (const waiter of waiting) {
      if (inFlight >= maxInFlight) {
        return
      }
      waiting.delete(waiter)
      clearTimeout(waiter.timer)
      start(waiter.entry)
    }
  }

  return {
    enter(entry) {
      if (inFlight < maxInFlight && waiting.size === 0) {
        start(entry)
        return { withdraw: () => undefined }
      }
      if (waiting.size >= maxQueued) {
        entry.refused('queue-full')
        return { withdraw: () => undefined }
      }
      const waiter: Waiter = {
        entry,
        timer: setTimeout(() => {
          waiting.delete(waiter)
          entry.refused('waited-too-long')
        }, queueTimeoutMs),
      }
      waiting.add(waiter)
      return {
        withdraw: () => {
          if (waiting.delete(waiter)) {
            clearTimeout(waiter.timer)
          }
        },
      }
    },
    counts: () => ({ inFlight, queued: waiting.size }),
  }
}

/** Requests that never wait: probes and scrapes must answer while the app is busy, and static files cost nothing. */
export const bypassesAdmission = (pathname: string): boolean =>
  pathname.startsWith('/api/health/') || pathname === '/api/health' || pathname === '/metrics' || pathname.startsWith('/_next/static/')
