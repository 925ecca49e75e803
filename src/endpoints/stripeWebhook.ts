import type { Endpoint } from 'payload'

import { stripeWebhookAnswer } from '@/http/stripeWebhookAnswer'

/** `POST /api/webhooks/stripe`: see `stripeWebhookAnswer` (our HTTP server, or the API gate, answers it before Payload does). */
export const stripeWebhook: Endpoint = {
  path: '/webhooks/stripe',
  method: 'post',
  handler: async (incoming) => stripeWebhookAnswer(incoming.payload, incoming.headers.get('stripe-signature'), (await incoming.text?.()) ?? ''),
}
