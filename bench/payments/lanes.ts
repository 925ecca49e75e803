import http from 'node:http'
import { performance } from 'node:perf_hooks'

import { summarize, type Summary } from '../events/stats'

export type Answer = { status: number; body: string }

export type LaneRun<T> = {
  /** Each item's answer, in the items' order. */
  results: T[]
  /** Each item's time from being taken by a lane to its answer, in the items' order. */
  latenciesMs: number[]
  seconds: number
}

/**
 * `concurrency` lanes take the items in order, each starting the next as soon as its last one
 * is answered: a fixed number in flight, as a client pool or Stripe's delivery workers keep.
 * Items next to each other in the list are therefore in flight at the same time.
 */
export const inLanes = async <I, T>(items: I[], concurrency: number, work: (item: I, index: number) => Promise<T>): Promise<LaneRun<T>> => {
  const results: T[] = new Array(items.length)
  const latenciesMs: number[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      const started = performance.now()
      results[index] = await work(items[index]!, index)
      latenciesMs[index] = performance.now() - started
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane))
  return { results, latenciesMs, seconds: (performance.now() - started) / 1000 }
}

/**
 * A JSON POST over node:http (lighter per request than fetch, and this process also serves the
 * Stripe stand-in, whose answers are part of what is timed). Status 0 for a network error.
 */
export const postJson = (url: string, body: string, headers: Record<string, string>, agent: http.Agent): Promise<Answer> =>
  new Promise((resolve) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        response.on('error', (error) => resolve({ status: 0, body: String(error) }))
      },
    )
    request.on('timeout', () => request.destroy(new Error('timed out after 30 s')))
    request.on('error', (error) => resolve({ status: 0, body: String(error) }))
    request.end(body)
  })

export type Rate = Summary & { perSecond: number; seconds: number }

/** Latencies and how many answers a second the run gave. */
export const rateOf = (latenciesMs: number[], seconds: number): Rate => ({
  ...summarize(latenciesMs),
  perSecond: Math.round((latenciesMs.length / seconds) * 10) / 10,
  seconds: Math.round(seconds * 100) / 100,
})
