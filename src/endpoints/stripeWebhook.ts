import type { Endpoint } from 'payload'

import { stripeWebhookAnswer } from '@/http/stripeWebhookAnswer'
import { responseOf } from '@/shared/directRoutes'

/** `POST /api/webhooks/stripe`: see `stripeWebhookAnswer` (our HTTP server, or the API gate, answers it before Payload does). */
export const stripeWebhook: Endpoint = {
  path: '/webhooks/stripe',
  method: 'post',
  handler: async (incoming) => responseOf(await stripeWebhookAnswer(incoming.payload, incoming.headers.get('stripe-signature'), (await incoming.text?.()) ?? '')),
}
