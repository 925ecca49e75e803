/**
 * The checkout's ceiling, in a process of its own as the server is: the app's own
 * `createStripeCheckout` (its SDK client, retries, timeout and parameters) against the Stripe
 * stand-in that STRIPE_API_BASE names, with nothing else around it: no HTTP request to answer, no
 * token, no order. `warmup` sessions first (not timed), then `count`, `concurrency` at a time.
 *
 * Reads its input from the JSON file named by its first argument and writes its result as JSON
 * to the second.
 */
import fs from 'node:fs'

import { createStripeCheckout } from '@/services/stripe/client'

import { inLanes, type Rate, rateOf } from './lanes'

export type SdkCeilingInput = { count: number; warmup: number; concurrency: number; amount: number; serverUrl: string }
export type SdkCeilingResult = { rate: Rate; failed: number; cpuMsPerSession: number }

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  throw new Error('usage: sdkCeiling.ts <input.json> <result.json>')
}
const { count, warmup, concurrency, amount, serverUrl } = JSON.parse(fs.readFileSync(input, 'utf8')) as SdkCeilingInput

/** The parameters startPayment sends for an order: one line, the order's total, its reference in the metadata. */
const session = async (i: number): Promise<boolean> => {
  const reference = `AQ-CEIL-${String(i).padStart(6, '0')}`
  try {
    await createStripeCheckout({
      idempotencyKey: `aqoon-checkout-${reference}`,
      orderId: 1_000_000 + i,
      reference,
      tenant: 1,
      productName: 'Bench course',
      currency: 'USD',
      unitAmount: amount,
      quantity: 1,
      customerEmail: `ceiling-${i}@bench-payments.aqoon.test`,
      successUrl: `${serverUrl}/learn/orders/${reference}`,
      cancelUrl: `${serverUrl}/learn/courses/bench`,
      expiresAt: new Date(Date.now() + 60 * 60_000),
    })
    return true
  } catch {
    return false
  }
}

await inLanes(Array.from({ length: warmup }, (_, i) => i), concurrency, session)
const cpu = process.cpuUsage()
const run = await inLanes(Array.from({ length: count }, (_, i) => warmup + i), concurrency, session)
const used = process.cpuUsage(cpu)
const result: SdkCeilingResult = {
  rate: rateOf(run.latenciesMs, run.seconds),
  failed: run.results.filter((ok) => !ok).length,
  cpuMsPerSession: Math.round(((used.user + used.system) / 1000 / count) * 100) / 100,
}
fs.writeFileSync(output, JSON.stringify(result))
process.exit(0)
