import { type Summary, summarize } from '../events/stats'
import { loadAverage } from '../shared/runInfo'
import type { ListRequest } from './listViews'

export type Timed = ListRequest & {
  status: number
  totalDocs: number
  docs: number
  bytes: number
  warmups: number
  /** Each measured request, first byte sent to last byte read, in ms. */
  samplesMs: number[]
  latency: Summary
  /** Repetitions left out because the call's time budget ran out. */
  cutShort: boolean
  /** The machine's 1-minute load average after the call: above the core count, other work shared the cores. */
  loadAverage: number
}

type Options = { warmups: number; repetitions: number; budgetMs: number; timeoutMs: number }

type Answer = { status: number; ms: number; bytes: number; body: { docs?: unknown[]; totalDocs?: number; errors?: unknown } }

const ask = async (url: string, token: string, timeoutMs: number): Promise<Answer> => {
  const started = performance.now()
  const response = await fetch(url, { headers: { accept: 'application/json', authorization: `JWT ${token}` }, signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  const ms = performance.now() - started
  let body: Answer['body'] = {}
  try {
    body = JSON.parse(text) as Answer['body']
  } catch {
    // Reported below as an answer without documents.
  }
  return { status: response.status, ms, bytes: Buffer.byteLength(text), body }
}

/**
 * Asks one list view's REST call one at a time: `warmups` times unrecorded, then
 * `repetitions` times recorded, stopping early once the recorded ones took `budgetMs` (a
 * call of many seconds would otherwise hold the run for minutes). The first answer must be
 * a 200 with a list of documents.
 */
export const timeRequest = async (baseUrl: string, request: ListRequest, token: string, options: Options): Promise<Timed> => {
  const url = `${baseUrl}${request.restPath}`
  const first = await ask(url, token, options.timeoutMs)
  if (first.status !== 200 || !Array.isArray(first.body.docs)) {
    throw new Error(`${request.label}: ${request.restPath} answered ${first.status}: ${JSON.stringify(first.body).slice(0, 300)}`)
  }
  let warmups = 1
  let spent = first.ms
  while (warmups < options.warmups && spent < options.budgetMs) {
    spent += (await ask(url, token, options.timeoutMs)).ms
    warmups++
  }
  const samplesMs: number[] = []
  let measured = 0
  while (samplesMs.length < options.repetitions && (samplesMs.length < 3 || measured < options.budgetMs)) {
    const answer = await ask(url, token, options.timeoutMs)
    if (answer.status !== 200) {
      throw new Error(`${request.label} answered ${answer.status} on repetition ${samplesMs.length + 1}`)
    }
    samplesMs.push(answer.ms)
    measured += answer.ms
  }
  return {
    ...request,
    status: first.status,
    totalDocs: first.body.totalDocs ?? 0,
    docs: first.body.docs.length,
    bytes: first.bytes,
    warmups,
    samplesMs: samplesMs.map((ms) => Math.round(ms * 10) / 10),
    latency: summarize(samplesMs),
    cutShort: samplesMs.length < options.repetitions,
    loadAverage: loadAverage(),
  }
}

/** Signs in through the REST API as the admin panel's login form does; answers the JWT. */
export const logIn = async (baseUrl: string, { email, password }: { email: string; password: string }): Promise<string> => {
  const response = await fetch(`${baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const { token } = (await response.json()) as { token?: string }
  if (!response.ok || !token) {
    throw new Error(`${email} could not log in (${response.status}).`)
  }
  return token
}
