import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import { inLanes, postJson, type Rate, rateOf } from './lanes'
import type { Buyer } from './seed'
import type { SdkCeilingInput, SdkCeilingResult } from './sdkCeiling'

/** What a checkout answered, as the webhook part needs it: the order and its Checkout Session. */
export type Placed = { buyer: number; course: number; status: number; order?: number; reference?: string; session?: string; problem?: string }

export type CheckoutRun = { placed: Placed[]; rate: Rate; failed: number }

type CheckoutBody = { order?: { id: number; reference: string; status: string }; next?: { redirectUrl?: string }; errors?: { message: string }[] }

/** The session's id is the last segment of its hosted page (the stand-in's `/c/pay/<id>`, as Stripe's). */
const sessionFrom = (redirectUrl: string | undefined): string | undefined => redirectUrl?.match(/\/c\/pay\/([^/?#]+)/)?.[1]

/**
 * `POST /api/orders/checkout { course, provider: 'stripe' }` once per buyer, `concurrency` at a
 * time over keep-alive connections, each with its own session token. A 201 with a redirect to
 * a Checkout Session is the only success.
 */
export const checkOutAll = async (baseUrl: string, buyers: Buyer[], courseOf: (index: number) => number, concurrency: number): Promise<CheckoutRun> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  try {
    const run = await inLanes(buyers, concurrency, async (buyer, index): Promise<Placed> => {
      const course = courseOf(index)
      const answer = await postJson(`${baseUrl}/api/orders/checkout`, JSON.stringify({ course, provider: 'stripe' }), { authorization: `JWT ${buyer.token}` }, agent)
      let body: CheckoutBody = {}
      try {
        body = JSON.parse(answer.body) as CheckoutBody
      } catch {
        // Not JSON: an error page; the status says enough.
      }
      const session = sessionFrom(body.next?.redirectUrl)
      const ok = answer.status === 201 && body.order?.status === 'pending' && session !== undefined
      return {
        buyer: buyer.id,
        course,
        status: answer.status,
        order: body.order?.id,
        reference: body.order?.reference,
        session,
        ...(ok ? {} : { problem: body.errors?.[0]?.message ?? answer.body.slice(0, 200) }),
      }
    })
    return { placed: run.results, rate: rateOf(run.latenciesMs, run.seconds), failed: run.results.filter((p) => p.problem !== undefined).length }
  } finally {
    agent.destroy()
  }
}

/**
 * The stand-in alone: the app's own `createStripeCheckout` (the same SDK client, options and
 * parameters) in a process of its own, as the server is, `count` sessions at `concurrency`.
 */
export const sdkCeiling = async (dataDir: string, input: SdkCeilingInput, env: Record<string, string>): Promise<SdkCeilingResult> => {
  const inputFile = path.join(dataDir, 'sdk-ceiling-input.json')
  const outputFile = path.join(dataDir, 'sdk-ceiling-result.json')
  fs.writeFileSync(inputFile, JSON.stringify(input))
  fs.rmSync(outputFile, { force: true })
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/payments/sdkCeiling.ts', inputFile, outputFile], { stdio: 'inherit', env: { ...process.env, ...env } })
  const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)))
  if (code !== 0) {
    throw new Error(`bench/payments/sdkCeiling.ts exited with ${code}`)
  }
  return JSON.parse(fs.readFileSync(outputFile, 'utf8')) as SdkCeilingResult
}
