import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { systemRequestFor } from '@/services/database/transactions'

import { payPalFor, applyPayPalEvent } from '@/domain/payments/paypalPayments'
import { applyProviderEvent, receiveProviderEvent } from '@/domain/payments/providerEvents'
import { TENANTS } from '@/shared/slugs'

/**
 * `POST /api/webhooks/paypal/<school slug>`: each school's own PayPal account reports here, and
 * each school's webhook id verifies it (through PayPal's verify-webhook-signature) before the
 * event is read; then it is recorded once by id and applied once. An unknown school and a
 * failed verification answer alike, so the URL reveals nothing.
 */
export const payPalWebhook: Endpoint = {
  path: '/webhooks/paypal/:school',
  method: 'post',
  handler: async (incoming) => {
    const slug = typeof incoming.routeParams?.school === 'string' ? incoming.routeParams.school : ''
    const text = (await incoming.text?.()) ?? ''
    const req = await systemRequestFor(incoming)
    const refused = new APIError('This PayPal webhook could not be verified.', 400)
    let event: { id?: unknown; event_type?: unknown; resource?: Record<string, unknown> }
    try {
      event = JSON.parse(text) as typeof event
    } catch {
      throw new APIError('A PayPal webhook is a JSON event.', 400)
    }
    const school = (await req.payload.find({ collection: TENANTS, where: { slug: { equals: slug } }, limit: 1, pagination: false, depth: 0, select: { slug: true }, overrideAccess: true, req })).docs[0]
    if (!school || typeof event?.id !== 'string' || typeof event.event_type !== 'string') {
      throw refused
    }
    const { client, webhookId } = await payPalFor(req, school.id).catch(() => ({ client: undefined, webhookId: undefined }))
    if (!client || !webhookId || !(await client.verifyWebhookSignature({ headers: incoming.headers, webhookId, event }))) {
      req.payload.logger.warn({ msg: `payments: a PayPal webhook for ${slug} failed verification` })
      throw refused
    }
    const verified = { id: event.id, event_type: event.event_type, resource: event.resource }
    const received = await receiveProviderEvent({ app: req.payload, provider: 'paypal', eventId: verified.id, type: verified.event_type, school: school.id, event: verified })
    if (received.duplicate && (received.status === 'applied' || received.status === 'ignored')) {
      return Response.json({ received: true, duplicate: true, status: received.status })
    }
    const applied = await applyProviderEvent({ req, id: received.id, apply: () => applyPayPalEvent(req, school.id, verified) })
    return Response.json({ received: true, duplicate: received.duplicate, status: applied.status })
  },
}
