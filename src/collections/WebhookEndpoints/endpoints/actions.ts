import type { Endpoint, PayloadRequest } from 'payload'

import type { WebhookEndpoint } from '@/payload-types'


import { rotateEndpointSecret, sendTestEvent as sendTest } from '@/domain/webhooks/manage'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { WEBHOOK_ENDPOINTS } from '@/shared/slugs'

/** The endpoint, if the requester may change it (its school's admins); 404 otherwise. */
const endpointToManage = async (req: PayloadRequest, action: string): Promise<WebhookEndpoint> => {
  requirePerson(req, action)
  return readableOr404(req, WEBHOOK_ENDPOINTS, routeId(req, 'id', 'webhook endpoint'), 'webhook endpoint', { roleRefused: 403 })
}

/** `POST /api/webhook-endpoints/:id/rotate-secret`: a new secret, shown in this answer only. */
export const rotateSecret: Endpoint = {
  path: '/:id/rotate-secret',
  method: 'post',
  handler: async (req) => {
    const endpoint = await endpointToManage(req, 'rotate the secret')
    const rotated = await rotateEndpointSecret({ req, endpoint })
    return Response.json({ message: 'Secret rotated. The previous secret signs deliveries too until it expires.', ...rotated })
  },
}

/** `POST /api/webhook-endpoints/:id/test`: a `webhook.test` message, sent now; answers the attempt. */
export const sendTestEvent: Endpoint = {
  path: '/:id/test',
  method: 'post',
  handler: async (req) => {
    const endpoint = await endpointToManage(req, 'send a test event')
    const attempt = await sendTest({ req, endpoint })
    return Response.json({ message: attempt.ok ? `Delivered (${attempt.status}).` : `Not delivered: ${attempt.error ?? attempt.status}.`, attempt })
  },
}
