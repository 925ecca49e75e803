import { type ChildProcess, spawn } from 'node:child_process'

import type { EventObject, StripeStandIn } from '../../tests/stand-ins/stripe'
import { namedConnections } from '../events/postgresCpu'
import { summarize, type Summary } from '../events/stats'
import type { LocalOrder, LocalPhase, LocalReport } from './localApi'
import type { ProfileSummary } from './profile'
import type { Buyer } from './seed'

export type LocalPart = {
  bootMs: number
  checkout: Summary & { cpuMsPerRequest: number; answers: Record<string, number>; profile: ProfileSummary }
  webhooks: Summary & { cpuMsPerRequest: number; answers: Record<string, number>; profile: ProfileSummary }
}

const DEADLINE_MS = 5 * 60_000

/** localApi.ts in its own process, asked over IPC; every answer has a deadline. */
const start = (env: Record<string, string>) => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/payments/localApi.ts'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } })
  const next = (what: string): Promise<LocalReport> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`localApi.ts: no answer to ${what} in ${DEADLINE_MS / 1000} s`)), DEADLINE_MS)
      const onExit = (code: number | null) => reject(new Error(`localApi.ts exited (${String(code)}) during ${what}`))
      child.once('exit', onExit)
      child.once('message', (report: LocalReport) => {
        clearTimeout(timer)
        child.off('exit', onExit)
        if (report.kind === 'failed') {
          reject(new Error(`localApi.ts failed during ${what}: ${report.message}`))
        } else {
          resolve(report)
        }
      })
    })
  const ask = (order: LocalOrder, what: string) => {
    const answer = next(what)
    child.send(order)
    return answer
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return { next, ask, stop: async () => {
    child.send({ kind: 'exit' } satisfies LocalOrder)
    await exited
  } }
}

/**
 * The payments path one request at a time through the Local API (localApi.ts): `warm` buyers'
 * checkouts and events first, not measured, then `measured` buyers' checkouts, the stand-in
 * completing their sessions, and their events, each once.
 */
export const runLocal = async ({ standIn, databaseUri, env, warm, measured, course, secret }: { standIn: StripeStandIn; databaseUri: string; env: Record<string, string>; warm: Buyer[]; measured: Buyer[]; course: number; secret: string }): Promise<LocalPart> => {
  const child = start({ ...env, DATABASE_URI: namedConnections(databaseUri, 'bench-payments-local') })
  try {
    const ready = await child.next('booting')
    const round = async (buyers: Buyer[]) => {
      const checkout = (await child.ask({ kind: 'checkout', buyers: buyers.map((b) => ({ id: b.id, course })) }, 'checkout')) as Extract<LocalReport, { kind: 'checkout' }>
      const bodies: string[] = []
      for (const session of checkout.sessions) {
        if (session) {
          const { events } = await standIn.completeCheckout(session, { deliver: false })
          // Stripe's payloads are pretty-printed JSON; the signature covers these exact bytes.
          bodies.push(JSON.stringify(events.find((e: EventObject) => e.type === 'checkout.session.completed'), null, 2))
        }
      }
      const webhooks = (await child.ask({ kind: 'webhooks', bodies, secret }, 'webhooks')) as Extract<LocalReport, { kind: 'webhooks' }>
      return { checkout, webhooks }
    }
    await round(warm)
    const { checkout, webhooks } = await round(measured)
    const phase = (p: LocalPhase) => ({ ...summarize(p.latenciesMs), cpuMsPerRequest: p.cpuMsPerRequest, answers: p.answers, profile: p.profile })
    return { bootMs: (ready as Extract<LocalReport, { kind: 'ready' }>).bootMs, checkout: phase(checkout), webhooks: phase(webhooks) }
  } finally {
    await child.stop()
  }
}
