import type { Endpoint } from 'payload'

import { stripeWebhookAnswer } from '@/http/stripeWebhookAnswer'

/** `POST /api/webhooks/stripe`: see `stripeWebhookAnswer` (under Next the API gate answers it before Payload). */
export const stripeWebhook: Endpoint = {
  path: '/webhooks/stripe',
  method: 'post',
  handler: async (incoming) => stripeWebhookAnswer(incoming.payload, incoming.headers.get('stripe-signature'), (await incoming.text?.()) ?? ''),
}
