import type { Refusal } from '@/domain/ai/meter'

/** An AI call refused, in Payload's error shape: `Retry-After` for a rate, when a budget renews for a budget. */
export const refusedResponse = (refusal: Refusal): Response =>
  Response.json(
    { errors: [{ message: refusal.message, data: { reason: refusal.reason, ...(refusal.resetsAt ? { resetsAt: refusal.resetsAt } : {}) } }] },
    { status: refusal.status, headers: { 'Cache-Control': 'no-store', ...(refusal.retryAfterSeconds ? { 'Retry-After': String(refusal.retryAfterSeconds) } : {}) } },
  )
