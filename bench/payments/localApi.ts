/**
 * The payments path without HTTP or Next, in a process of its own: a production Payload on
 * DATABASE_URI (Local API) that calls the endpoints' own handlers one request at a time when
 * run.ts asks over IPC, so each one's cost is its own (no queue, no lock waits), and V8's
 * profiler sees the unbundled code under its real names (the server's Next bundle is minified).
 *
 * - `checkout`: `startCheckout.handler` (POST /api/orders/checkout) for each buyer, the request's
 *   user loaded as Payload's JWT strategy loads it (before the clock starts);
 * - `webhooks`: `stripeWebhook.handler` (POST /api/webhooks/stripe) for each signed body.
 *
 * Each phase answers its latencies, this process's CPU time per request and a summary of the
 * CPU profile taken over it.
 */
import type { PayloadRequest, TypedUser } from 'payload'

import config from '@payload-config'
import { Session } from 'node:inspector'
import { performance } from 'node:perf_hooks'
import { createLocalReq, getPayload } from 'payload'

import { startCheckout } from '@/collections/Orders/endpoints/checkout'
import { stripeWebhook } from '@/endpoints/stripeWebhook'
import { USERS } from '@/shared/slugs'

import { signatureHeader } from '../../tests/stand-ins/stripe/webhooks'
import { NAMED_FRAMES, type ProfileSummary, summarizeProfileData } from './profile'

/** run.ts → this process. */
export type LocalOrder =
  | { kind: 'checkout'; buyers: { id: number; course: number }[] }
  | { kind: 'webhooks'; bodies: string[]; secret: string }
  | { kind: 'exit' }

export type LocalPhase = { latenciesMs: number[]; cpuMsPerRequest: number; answers: Record<string, number>; profile: ProfileSummary }

/** This process → run.ts. */
export type LocalReport =
  | { kind: 'ready'; bootMs: number }
  | ({ kind: 'checkout'; sessions: (string | undefined)[] } & LocalPhase)
  | ({ kind: 'webhooks' } & LocalPhase)
  | { kind: 'failed'; message: string }

const started = performance.now()
const payload = await getPayload({ config })
const authDepth = payload.collections[USERS].config.auth.depth
const send = (report: LocalReport) => process.send!(report)

const session = new Session()
session.connect()
const post = <T>(method: string): Promise<T> =>
  new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))))
await post('Profiler.enable')

/** Runs `work` for each item, one after another, under the profiler; the clock and CPU cover `work` only. */
const phase = async <I>(items: I[], prepare: (item: I) => Promise<PayloadRequest>, work: (req: PayloadRequest) => Promise<Response>) => {
  const latenciesMs: number[] = []
  const answers: Record<string, number> = {}
  const bodies: unknown[] = []
  let cpuMs = 0
  await post('Profiler.start')
  for (const item of items) {
    const req = await prepare(item)
    const cpu = process.cpuUsage()
    const clock = performance.now()
    const response = await work(req)
    const body = (await response.json()) as Record<string, unknown>
    latenciesMs.push(performance.now() - clock)
    const used = process.cpuUsage(cpu)
    cpuMs += (used.user + used.system) / 1000
    const label = `${response.status}${body.duplicate ? ' duplicate' : ''}${typeof body.status === 'string' ? ` ${body.status}` : ''}`
    answers[label] = (answers[label] ?? 0) + 1
    bodies.push(body)
  }
  const { profile } = await post<{ profile: Parameters<typeof summarizeProfileData>[0] }>('Profiler.stop')
  return { latenciesMs, answers, bodies, cpuMsPerRequest: Math.round((cpuMs / Math.max(1, items.length)) * 100) / 100, profile: summarizeProfileData(profile, 0, Infinity, NAMED_FRAMES) }
}

/** The buyer as the JWT strategy hands them to an endpoint. */
const requester = async (id: number): Promise<TypedUser> => {
  const user = await payload.findByID({ collection: USERS, id, depth: authDepth, overrideAccess: true })
  return { ...user, collection: USERS, _strategy: 'local-jwt' } as TypedUser
}

const handle = async (order: LocalOrder): Promise<LocalReport | undefined> => {
  switch (order.kind) {
    case 'checkout': {
      const run = await phase(
        order.buyers,
        async ({ id, course }) => {
          const body = JSON.stringify({ course, provider: 'stripe' })
          return createLocalReq({ user: await requester(id), req: { headers: new Headers({ 'content-type': 'application/json' }), text: async () => body } as Partial<PayloadRequest> }, payload)
        },
        async (req) => startCheckout.handler(req),
      )
      const sessions = run.bodies.map((body) => (body as { next?: { redirectUrl?: string } }).next?.redirectUrl?.match(/\/c\/pay\/([^/?#]+)/)?.[1])
      return { kind: 'checkout', sessions, latenciesMs: run.latenciesMs, cpuMsPerRequest: run.cpuMsPerRequest, answers: run.answers, profile: run.profile }
    }
    case 'webhooks': {
      const run = await phase(
        order.bodies,
        async (body) => {
          const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signatureHeader(body, order.secret, Math.floor(Date.now() / 1000)) })
          return createLocalReq({ req: { headers, text: async () => body } as Partial<PayloadRequest> }, payload)
        },
        async (req) => stripeWebhook.handler(req),
      )
      return { kind: 'webhooks', latenciesMs: run.latenciesMs, cpuMsPerRequest: run.cpuMsPerRequest, answers: run.answers, profile: run.profile }
    }
    case 'exit':
      await payload.destroy()
      process.exit(0)
  }
}

process.on('message', (order: LocalOrder) => {
  handle(order).then(
    (report) => report && send(report),
    (error: unknown) => send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  )
})
send({ kind: 'ready', bootMs: Math.round(performance.now() - started) })
