import { setTimeout as sleep } from 'node:timers/promises'

/** What became of one response: the answer to hand back, or a pause before trying again. */
export type ResponseOutcome<A> = { answer: A } | { retryInMs: number }

/**
 * Fetches `url` until `onResponse` keeps an answer or `onFailure` gives up on a lost exchange.
 * Which statuses and failures deserve another try, and after how long, is the caller's rule
 * (each provider has its own); this is only the loop, with every try and pause bounded by
 * `signal`, whose firing becomes the caller's `timedOut` error.
 */
export const fetchWithRetries = async <A>({
  url,
  init,
  signal,
  onResponse,
  onFailure,
  timedOut,
}: {
  url: string
  init: Omit<RequestInit, 'signal'>
  signal: AbortSignal
  /** Reads a response (`attempt` counts from 0). A throw here counts as a lost exchange. */
  onResponse: (response: Response, attempt: number) => Promise<ResponseOutcome<A>>
  /** A try that got no answer, `signal` not fired: the pause before the next, or a throw to give up. */
  onFailure: (error: unknown, attempt: number) => number
  /** The error to throw once `signal` fires, given the failure before it (if any). */
  timedOut: (cause: unknown) => Error
}): Promise<A> => {
  for (let attempt = 0; ; attempt++) {
    let pauseMs: number
    let failure: unknown
    try {
      const outcome = await onResponse(await fetch(url, { ...init, signal }), attempt)
      if ('answer' in outcome) {
        return outcome.answer
      }
      pauseMs = outcome.retryInMs
    } catch (error) {
      if (signal.aborted) {
        throw timedOut(error)
      }
      pauseMs = onFailure(error, attempt)
      failure = error
    }
    try {
      await sleep(pauseMs, undefined, { signal })
    } catch {
      throw timedOut(failure)
    }
  }
}
